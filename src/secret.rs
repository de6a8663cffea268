//! Random secrets and their digests: tokens for links, keys, Message-IDs. A leaf module
//! (it imports nothing of binome), so every layer may use it without a cycle.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the operating system's generator, in hexadecimal.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// The SHA-256 digest of `text`, in hexadecimal: what is stored of a single-use token.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

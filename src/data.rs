//! Data shipped inside the binary, shared by the database loader and the offline matching.

/// The communes data set shipped with this version (see data/PROVENANCE.md):
/// `code_insee,nom,codes_postaux,departement,population,lat,lon,coord_source`.
pub const COMMUNES_CSV_GZ: &[u8] = include_bytes!("../data/communes.csv.gz");

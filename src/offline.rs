//! The matching commands that work on files: `binome match` and `binome bench-match`. They
//! read no database and send nothing; this shell reads files and the clock, the engine in
//! `matching` does the rest.

use crate::cli::{BenchArgs, MatchArgs};
use crate::matching::communes::Table;
use crate::matching::components::components;
use crate::matching::explain::french_number;
use crate::matching::{self, Graph, Index, Instance, certificate, generate, report};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Exit status of a malformed instance (SPEC).
const MALFORMED: u8 = 2;

pub fn match_file(args: &MatchArgs) -> ExitCode {
    let failed = |message: String| {
        eprintln!("Erreur : {message}");
        ExitCode::FAILURE
    };
    let text = match std::fs::read_to_string(&args.instance) {
        Ok(t) => t,
        Err(e) => return failed(format!("lecture de {} impossible : {e}", args.instance.display())),
    };
    let communes = match Table::shipped() {
        Ok(t) => t,
        Err(e) => return failed(e),
    };
    let inst = match matching::parse_instance(&text, &communes) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("Instance invalide ({}) : {e}", args.instance.display());
            return ExitCode::from(MALFORMED);
        }
    };
    let (round, index) = timed_round(&inst);
    let elapsed = round.candidates_ms + round.solve_ms;
    let json = report::result_json(&inst, &index, &round, elapsed);
    let edges = args.emit_edges.then_some((&inst, &round.graph));
    if let Err(e) = write_result(&args.out, &json, edges) {
        return failed(format!("écriture de {} impossible : {e}", args.out.display()));
    }
    println!(
        "{} binôme(s) proposé(s) pour {} personne(s) en attente ; score total {} ; {} paires possibles ; {} ms.",
        json["matched"],
        inst.beneficiaries.len(),
        french_number(round.total_score()),
        round.graph.edges.len(),
        french_number(elapsed)
    );
    ExitCode::SUCCESS
}

fn timed_round(inst: &Instance) -> (matching::Round, Index) {
    let start = Instant::now();
    let mut stopwatch = || start.elapsed().as_secs_f64() * 1000.0;
    let round = matching::round(inst, &mut stopwatch);
    // Rebuilt for the explanations, outside the timed round.
    (round, Index::build(inst))
}

/// Writes RESULT.json, streaming `edges` last when asked.
fn write_result(path: &Path, json: &serde_json::Value, edges: Option<(&Instance, &Graph)>) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let text = serde_json::to_string(json).map_err(std::io::Error::other)?;
    let Some((inst, graph)) = edges else {
        file.write_all(text.as_bytes())?;
        return file.flush();
    };
    file.write_all(text.strip_suffix('}').unwrap_or(&text).as_bytes())?;
    file.write_all(b",\"edges\":[")?;
    let mut first = true;
    for b in 0..inst.beneficiaries.len() as u32 {
        for e in graph.of(b) {
            if !first {
                file.write_all(b",")?;
            }
            first = false;
            serde_json::to_writer(&mut file, &report::edge_row(inst, b, e)).map_err(std::io::Error::other)?;
        }
    }
    file.write_all(b"]}")?;
    file.flush()
}

/// Peak resident memory of this process, in MB (Linux `VmHWM`).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The machine's load average over 1, 5 and 15 minutes (Linux), to read the times against.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "inconnue".to_string())
}

/// Resets the peak so that each size is measured on its own (Linux ≥ 4.0; best effort).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

pub fn bench(args: &BenchArgs) -> ExitCode {
    let communes = match Table::shipped() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("Erreur : {e}");
            return ExitCode::FAILURE;
        }
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    for &size in &args.sizes {
        let name = size.name();
        let text = generate::instance_of(&communes, size, args.seed, as_of).to_string();
        if let Some(dir) = &args.out_dir {
            let path = dir.join(format!("instance-{name}.json"));
            if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, &text)) {
                eprintln!("Erreur : écriture de {} impossible : {e}", path.display());
                return ExitCode::FAILURE;
            }
            println!("instance écrite : {}", path.display());
        }
        reset_peak_rss();
        let start = Instant::now();
        let inst = match matching::parse_instance(&text, &communes) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("Erreur : instance générée invalide : {e}");
                return ExitCode::FAILURE;
            }
        };
        drop(text);
        let parse_ms = start.elapsed().as_secs_f64() * 1000.0;
        let (round, index) = timed_round(&inst);
        let rss = peak_rss_mb().map_or("?".to_string(), |m| format!("{m:.0}"));
        let check = Instant::now();
        let verdict = match certificate::verify_certificate(&round.graph, &inst, &round.solution) {
            Ok(()) => "vérifié".to_string(),
            Err(e) => format!("ÉCHEC : {e}"),
        };
        let check_ms = check.elapsed().as_secs_f64() * 1000.0;
        let (top_avg, top_max) = top_k_timing(&inst, &index);
        let parts = components(&round.graph, inst.volunteers.len());
        let largest = parts.iter().map(|c| c.beneficiaries.len()).max().unwrap_or(0);
        println!(
            "{name} ({} × {}) : paires possibles {} ; candidats {:.1} ms ; résolution {:.1} ms ; \
             total {:.1} ms ; mémoire max {rss} Mo ; binômes {} ; score total {:.6} ; \
             certificat {verdict} ({:.1} ms) ; composantes {} (la plus grande : {largest} personnes \
             en attente) ; lecture JSON {:.1} ms ; top-5 : {:.3} ms en moyenne, {:.3} ms au pire ; \
             charge de la machine {}",
            size.beneficiaries(),
            size.volunteers(),
            round.graph.edges.len(),
            round.candidates_ms,
            round.solve_ms,
            round.candidates_ms + round.solve_ms,
            round.pairs().len(),
            round.total_score(),
            check_ms,
            parts.len(),
            parse_ms,
            top_avg,
            top_max,
            load_average(),
        );
    }
    ExitCode::SUCCESS
}

/// The top-5 query for up to 200 beneficiaries spread over the instance, index already built.
fn top_k_timing(inst: &Instance, index: &Index) -> (f64, f64) {
    let n = inst.beneficiaries.len();
    let (mut total, mut worst, mut count) = (0.0, 0.0f64, 0);
    for b in (0..n).step_by((n / 200).max(1)) {
        let start = Instant::now();
        let best = matching::top_volunteers(inst, index, b as u32, 5);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(best);
        total += ms;
        worst = worst.max(ms);
        count += 1;
    }
    (total / f64::from(count.max(1)), worst)
}

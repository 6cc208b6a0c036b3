//! Benchmark (not a test) of the CSV import: generates 100,000 realistic rows (accented names, ~3 %
//! invalid addresses, ~5 % repeats differing in case and spaces), then times sniff + parse + check +
//! dedupe + stage into SQLite (a temp file) against a plain `csv` crate read of the same file.
//! Target (release, 2 cores): ≤ 1.0 s and ≤ 4× the plain read.
//!
//! cargo bench --features custom-protocol --bench csv_import [-- ROWS]

use msi_actions_setup::csv_import::check::{CheckContext, Teams};
use msi_actions_setup::csv_import::{self, ImportOptions, StageTarget};
use msi_actions_setup::store::Store;
use std::time::{Duration, Instant};

const FIRST: [&str; 12] = ["Ana", "José", "María", "Íñigo", "Begoña", "Luis", "Zoë", "Jürgen", "Sofía", "Ramón", "Chloé", "Óscar"];
const LAST: [&str; 12] = ["López", "Núñez", "García", "Peña", "Ibáñez", "Müller", "Pérez", "Sáez", "Martín", "O'Brien", "Fernández", "Ruiz"];
const TEAMS: [&str; 5] = ["Everyone", "Sales EMEA", "SDR", "", "Todos"];

/// A small deterministic generator (no dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn generate(path: &std::path::Path, rows: usize) -> u64 {
    let mut rng = Lcg(42);
    let mut writer = csv::Writer::from_path(path).expect("create the bench file");
    writer.write_record(["Email", "First Name", "Last Name", "Team", "Role", "Notes"]).unwrap();
    for i in 0..rows {
        let first = FIRST[(rng.next() % 12) as usize];
        let last = LAST[(rng.next() % 12) as usize];
        let roll = rng.next() % 100;
        let email = if roll < 3 {
            format!("{}.{}(at)example.com", first.to_lowercase(), i)
        } else if roll < 8 && i > 10 {
            let earlier = rng.next() as usize % i;
            format!("  User.{earlier}@Example.COM ")
        } else {
            format!("user.{i}@example.com")
        };
        let team = TEAMS[(rng.next() % 5) as usize];
        let notes = if roll % 10 == 0 { "Alta en la reunión del lunes, \"urgente\"" } else { "" };
        writer.write_record([email.as_str(), first, last, team, "User", notes]).unwrap();
    }
    writer.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

fn plain_read(path: &std::path::Path) -> (Duration, u64) {
    let start = Instant::now();
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut record = csv::StringRecord::new();
    let mut count = 0u64;
    while reader.read_record(&mut record).unwrap() {
        count += record.len() as u64;
    }
    (start.elapsed(), count)
}

fn full_import(path: &std::path::Path, dir: &std::path::Path, run: usize) -> (Duration, Duration, csv_import::Staged) {
    let store = Store::open(&dir.join(format!("bench-{run}.db"))).unwrap();
    let context = CheckContext {
        teams: Teams { default: "Everyone".into(), known: Some(vec!["Everyone".into(), "Sales EMEA".into(), "SDR".into()]) },
        seats_left: Some(100),
        ..Default::default()
    };
    let start = Instant::now();
    let sniffed = csv_import::sniff_path(path, &ImportOptions::default()).unwrap();
    let sniff = start.elapsed();
    let staged = csv_import::stage(&store, path, &sniffed, &context, &StageTarget { environment_id: Some("sandbox"), file_name: "bench.csv", actor: "bench" }).unwrap();
    (start.elapsed(), sniff, staged)
}

fn check_only(path: &std::path::Path) -> Duration {
    let context = CheckContext {
        teams: Teams { default: "Everyone".into(), known: Some(vec!["Everyone".into(), "Sales EMEA".into(), "SDR".into()]) },
        seats_left: Some(100),
        ..Default::default()
    };
    let start = Instant::now();
    let sniffed = csv_import::sniff_path(path, &ImportOptions::default()).unwrap();
    csv_import::read_rows(path, &sniffed, &context, |_| Ok(())).unwrap();
    start.elapsed()
}

fn main() {
    let rows: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.csv");
    let size = generate(&path, rows);
    println!("file: {rows} rows, {:.1} MB", size as f64 / 1e6);
    const RUNS: usize = 3;
    let plain = (0..RUNS).map(|_| plain_read(&path).0).min().unwrap();
    let mut best: Option<(Duration, Duration, csv_import::Staged)> = None;
    for run in 0..RUNS {
        let result = full_import(&path, dir.path(), run);
        if best.as_ref().is_none_or(|b| result.0 < b.0) {
            best = Some(result);
        }
    }
    let (full, sniff, staged) = best.unwrap();
    let checked = (0..RUNS).map(|_| check_only(&path)).min().unwrap();
    let c = staged.summary.counts;
    println!(
        "counts: rows {} valid {} invalid {} duplicates {} already {} over_seats {}",
        c.rows, c.valid, c.invalid, c.duplicates, c.already, c.over_seats
    );
    println!("plain csv read:                                  {:>8.1} ms (best of {RUNS})", plain.as_secs_f64() * 1e3);
    println!("sniff + parse + check + dedupe + stage (SQLite): {:>8.1} ms (best of {RUNS}; sniff {:.2} ms)", full.as_secs_f64() * 1e3, sniff.as_secs_f64() * 1e3);
    println!("  of which sniff + parse + check + dedupe alone:  {:>8.1} ms (best of {RUNS}; ratio {:.2}x)", checked.as_secs_f64() * 1e3, checked.as_secs_f64() / plain.as_secs_f64());
    let ratio = full.as_secs_f64() / plain.as_secs_f64();
    println!("ratio: {ratio:.2}x   target: <= 1000 ms and <= 4x -> {}", if full.as_secs_f64() <= 1.0 && ratio <= 4.0 { "MET" } else { "NOT MET" });
}

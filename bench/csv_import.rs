//! Benchmark (not a test) of the CSV import: generates 100,000 realistic rows (accented names, ~3 %
//! invalid addresses, ~5 % repeats differing in case and spaces), then times, each as the median of 7 runs:
//! a plain `csv` crate read of the file (the yardstick), the dry run (`import --dry-run`: sniff + parse +
//! check + dedupe, nothing written) and the import (the same + staging into SQLite, a temp file).
//! Target (issue 12): the import, staging included, ≤ 4× the plain read; the dry run well under it.
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

/// Target: the import with staging at most this many times the plain read.
const TARGET_RATIO: f64 = 4.0;
const RUNS: usize = 7;

fn plain_read(path: &std::path::Path) -> Duration {
    let start = Instant::now();
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut record = csv::StringRecord::new();
    let mut count = 0u64;
    while reader.read_record(&mut record).unwrap() {
        count += record.len() as u64;
    }
    std::hint::black_box(count);
    start.elapsed()
}

fn context() -> CheckContext {
    CheckContext {
        teams: Teams { default: "Everyone".into(), known: Some(vec!["Everyone".into(), "Sales EMEA".into(), "SDR".into()]) },
        seats_left: Some(100),
        ..Default::default()
    }
}

fn import(path: &std::path::Path, dir: &std::path::Path, run: usize) -> (Duration, csv_import::Staged) {
    let store = Store::open(&dir.join(format!("bench-{run}.db"))).unwrap();
    let context = context();
    let start = Instant::now();
    let sniffed = csv_import::sniff_path(path, &ImportOptions::default()).unwrap();
    let staged = csv_import::stage(&store, path, &sniffed, &context, &StageTarget { environment_id: Some("sandbox"), file_name: "bench.csv", actor: "bench" }).unwrap();
    (start.elapsed(), staged)
}

fn dry_run(path: &std::path::Path) -> (Duration, csv_import::check::Counts) {
    let context = context();
    let start = Instant::now();
    let sniffed = csv_import::sniff_path(path, &ImportOptions::default()).unwrap();
    let mut problems = 0usize;
    let counts = csv_import::check_file(path, &sniffed, &context, |verdict| {
        problems += verdict.problems.len();
        Ok(())
    })
    .unwrap();
    std::hint::black_box(problems);
    (start.elapsed(), counts)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn verdict(ratio: f64) -> &'static str {
    if ratio <= TARGET_RATIO { "met" } else { "NOT met" }
}

fn main() {
    let rows: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.csv");
    let size = generate(&path, rows);
    println!("file: {rows} rows, {:.1} MB", size as f64 / 1e6);
    // Interleaved, so a burst of load on the machine touches every measure alike.
    let (mut plain, mut dry, mut full) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for run in 0..RUNS {
        plain.push(plain_read(&path));
        let (took, counts) = dry_run(&path);
        dry.push(took);
        let (took, staged) = import(&path, dir.path(), run);
        full.push(took);
        assert_eq!(counts, staged.summary.counts, "the dry run and the import count alike");
        last = Some(staged);
    }
    let c = last.map(|s| s.summary.counts).unwrap_or_default();
    println!(
        "counts: rows {} valid {} invalid {} duplicates {} already {} over_seats {}",
        c.rows, c.valid, c.invalid, c.duplicates, c.already, c.over_seats
    );
    let (plain, dry, full) = (median(plain), median(dry), median(full));
    let dry_ratio = dry.as_secs_f64() / plain.as_secs_f64();
    let full_ratio = full.as_secs_f64() / plain.as_secs_f64();
    println!("plain csv read:                                 {:>8.1} ms (median of {RUNS})", ms(plain));
    println!("dry run (sniff + parse + check + dedupe):       {:>8.1} ms (median of {RUNS}) = {dry_ratio:.2}x the plain read", ms(dry));
    println!("import (the same + staging into SQLite):        {:>8.1} ms (median of {RUNS}) = {full_ratio:.2}x the plain read", ms(full));
    println!("target: the import (staging included) <= {TARGET_RATIO}x the plain read -> {} ({full_ratio:.2}x)", verdict(full_ratio));
    println!("        the dry run, for reference, {dry_ratio:.2}x -> {}", verdict(dry_ratio));
}

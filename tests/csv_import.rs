//! The CSV import on a corpus of hard files (tests/fixtures/csv, made by generate.py there): detected
//! encoding and delimiter, expected counts, row numbers as a spreadsheet shows them, staging into SQLite,
//! remembered mappings, exports (encoding, delimiter, formula neutralisation), and a property test of the
//! parser (round trip in any delimiter/encoding; no panic on arbitrary bytes).

use msi_actions_setup::csv_import::check::{CheckContext, Counts, Teams};
use msi_actions_setup::csv_import::mapping::Mapping;
use msi_actions_setup::csv_import::sniff::FileEncoding;
use msi_actions_setup::csv_import::{self, export, ImportError, ImportOptions, ProblemCode, RowStatus, StageTarget};
use msi_actions_setup::i18n::Language;
use msi_actions_setup::invites::InvitationState;
use msi_actions_setup::store::Store;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv").join(name)
}

fn context() -> CheckContext {
    CheckContext {
        teams: Teams { default: "Everyone".into(), known: Some(vec!["Everyone".into(), "Sales EMEA".into(), "SDR".into()]) },
        ..Default::default()
    }
}

fn read_all(path: &Path, options: &ImportOptions) -> Result<(csv_import::Sniffed, Vec<csv_import::check::CheckedRow>, Counts), ImportError> {
    let sniffed = csv_import::sniff_path(path, options)?;
    let mut rows = Vec::new();
    let summary = csv_import::read_rows(path, &sniffed, &context(), |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok((sniffed, rows, summary.counts))
}

fn counts(rows: u64, valid: u64, invalid: u64, duplicates: u64) -> Counts {
    Counts { rows, valid, invalid, duplicates, already: 0, over_seats: 0 }
}

#[test]
fn corpus_files_give_the_expected_counts() {
    use FileEncoding::*;
    let table: [(&str, FileEncoding, u8, Counts); 13] = [
        ("utf8_bom.csv", Utf8, b',', counts(4, 3, 1, 0)),
        ("excel_unicode_text.txt", Utf16Le, b'\t', counts(4, 3, 0, 1)),
        ("utf16be_bom.csv", Utf16Be, b',', counts(2, 2, 0, 0)),
        ("cp1252_accents.csv", Windows1252, b';', counts(3, 3, 0, 0)),
        ("spanish_semicolons_bom.csv", Utf8, b';', counts(5, 3, 1, 1)),
        ("quoted_newlines.csv", Utf8, b',', counts(4, 3, 1, 0)),
        ("blank_lines.csv", Utf8, b',', counts(3, 2, 1, 0)),
        ("trailing_delimiters.csv", Utf8, b',', counts(2, 2, 0, 0)),
        ("duplicates_case_spaces.csv", Utf8, b',', counts(4, 2, 0, 2)),
        ("formula_names.csv", Utf8, b',', counts(4, 4, 0, 0)),
        ("header_only.csv", Utf8, b',', counts(0, 0, 0, 0)),
        ("huge_field.csv", Utf8, b',', counts(2, 1, 1, 0)),
        ("spanish_headers.csv", Utf8, b',', counts(3, 2, 1, 0)),
    ];
    for (name, encoding, delimiter, expected) in table {
        let (sniffed, rows, got) = read_all(&fixture(name), &ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(sniffed.dialect.encoding, encoding, "{name}");
        assert_eq!(sniffed.dialect.delimiter as char, delimiter as char, "{name}");
        assert_eq!(got, expected, "{name}: {rows:#?}");
        assert_eq!(got.rows, got.valid + got.invalid + got.duplicates, "{name}");
    }
    let (_, rows, got) = read_all(&fixture("pipes.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(got, counts(2, 2, 0, 0));
    assert_eq!(rows[0].fields.last_name.as_deref(), Some("López"));
}

/// Issue 12: the dry run (`check_file`, no cell kept, no hash) gives every corpus file the counts and
/// problems of the full read, in the same order.
#[test]
fn the_dry_run_finds_what_the_full_read_finds() {
    let names = ["utf8_bom.csv", "excel_unicode_text.txt", "utf16be_bom.csv", "cp1252_accents.csv", "spanish_semicolons_bom.csv", "quoted_newlines.csv", "blank_lines.csv", "trailing_delimiters.csv", "duplicates_case_spaces.csv", "formula_names.csv", "huge_field.csv", "spanish_headers.csv", "pipes.csv"];
    for name in names {
        let (sniffed, rows, full) = read_all(&fixture(name), &ImportOptions::default()).unwrap();
        let mut verdicts = Vec::new();
        let dry = csv_import::check_file(&fixture(name), &sniffed, &context(), |verdict| {
            verdicts.push(verdict.into_owned());
            Ok(())
        })
        .unwrap();
        assert_eq!(dry, full, "{name}");
        let owned = |text: &Option<std::borrow::Cow<'_, str>>| text.as_ref().map(|t| t.to_string());
        let seen: Vec<_> = verdicts.iter().map(|v| (v.status, owned(&v.email_normalized), owned(&v.team), v.problems.clone(), v.duplicate_of)).collect();
        let expected: Vec<_> = rows.iter().map(|r| (r.status, r.email_normalized.clone(), r.fields.team.clone(), r.problems.clone(), r.duplicate_of)).collect();
        assert_eq!(seen, expected, "{name}");
    }
}

/// A UTF-8 file is no longer decoded as a whole: bytes that are not UTF-8 still become U+FFFD in their
/// cell (as the decoder made them), and the cells around them are intact.
#[test]
fn bytes_that_are_not_utf8_become_replacement_characters_in_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.csv");
    std::fs::write(&path, b"Email,First Name,Last Name\nana@x.com,Ana\xff\xfe,L\xc3\xb3pez\nluis@x.com,\xc3,Ruiz\n").unwrap();
    let options = ImportOptions { encoding: Some(FileEncoding::Utf8), ..Default::default() };
    let (_, rows, got) = read_all(&path, &options).unwrap();
    assert_eq!(got, counts(2, 2, 0, 0));
    assert_eq!(rows[0].raw, ["ana@x.com", "Ana\u{fffd}\u{fffd}", "López"]);
    assert_eq!(rows[1].raw, ["luis@x.com", "\u{fffd}", "Ruiz"]);
}

#[test]
fn unusable_files_are_refused_with_a_reason() {
    assert!(matches!(read_all(&fixture("empty.csv"), &ImportOptions::default()), Err(ImportError::Empty)));
    assert!(matches!(read_all(&fixture("no_email_column.csv"), &ImportOptions::default()), Err(ImportError::NoEmailColumn)));
    assert!(matches!(read_all(&fixture("missing.csv"), &ImportOptions::default()), Err(ImportError::Unreadable { .. })));
    let dir = tempfile::tempdir().unwrap();
    let headerless = dir.path().join("headerless.csv");
    std::fs::write(&headerless, "ana@example.com,Ana\nluis@example.com,Luis\n").unwrap();
    assert!(matches!(read_all(&headerless, &ImportOptions::default()), Err(ImportError::NoHeader)));
}

#[test]
fn decoded_text_and_fields_are_right() {
    let (_, rows, _) = read_all(&fixture("cp1252_accents.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(rows[0].fields.first_name.as_deref(), Some("Íñigo"));
    assert_eq!(rows[0].fields.last_name.as_deref(), Some("Peña Ibáñez"));
    let (_, rows, _) = read_all(&fixture("excel_unicode_text.txt"), &ImportOptions::default()).unwrap();
    assert_eq!(rows[1].fields.last_name.as_deref(), Some("García"));
    assert_eq!((rows[2].status, rows[2].duplicate_of), (RowStatus::Duplicate, Some(2)));
    let (sniffed, rows, _) = read_all(&fixture("spanish_semicolons_bom.csv"), &ImportOptions::default()).unwrap();
    assert!(sniffed.dialect.bom);
    assert_eq!(sniffed.headers[2], "Correo electrónico", "BOM stripped from the first header too");
    assert_eq!(rows[0].fields.last_name.as_deref(), Some("López, García"));
    assert_eq!(rows[0].fields.team.as_deref(), Some("Everyone"), "Todos is the default team");
    let (_, rows, _) = read_all(&fixture("huge_field.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(rows[0].raw[2].len(), 1024 * 1024, "a 1 MiB cell");
    assert_eq!(rows[1].problems[0].code, ProblemCode::NameTooLong);
}

/// Issue 10, point 12: input is bounded. A cell over 1 MB stops the read at its row and column.
#[test]
fn a_cell_over_one_megabyte_stops_at_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big_cell.csv");
    let notes = "n".repeat(1_100_000);
    std::fs::write(&path, format!("Email,First Name,Notes\nana@example.com,Ana,short\n\nluis@example.com,Luis,\"{notes}\"\nmarta@example.com,Marta,x\n")).unwrap();
    match read_all(&path, &ImportOptions::default()) {
        Err(ImportError::FieldTooLarge { row, column, limit }) => {
            assert_eq!((row, column.as_str(), limit), (4, "Notes", csv_import::MAX_FIELD_BYTES));
        }
        other => panic!("expected field_too_large, got {:?}", other.map(|(_, _, counts)| counts)),
    }
    let error = read_all(&path, &ImportOptions::default()).err().unwrap();
    assert_eq!(error.code(), "field_too_large");
    assert!(error.to_string().contains("row 4, column \"Notes\""), "{error}");
}

/// An unclosed quote swallows the rest of the file into one cell: the read stops where the quote opened
/// once that cell passes 1 MB, instead of buffering the whole file; the mapping editor's sample too.
#[test]
fn an_unclosed_quote_in_a_big_file_stops_where_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unclosed.csv");
    let mut text = String::from("Email,First Name\n");
    for i in 0..10 {
        text.push_str(&format!("p{i}@example.com,P{i}\n"));
    }
    text.push_str("broken@example.com,\"Never closed\n");
    while text.len() < 4 * 1024 * 1024 {
        text.push_str("someone@example.com,Some One\n");
    }
    std::fs::write(&path, &text).unwrap();
    match read_all(&path, &ImportOptions::default()) {
        Err(ImportError::FieldTooLarge { row, column, .. }) => assert_eq!((row, column.as_str()), (12, "First Name")),
        other => panic!("expected field_too_large, got {:?}", other.map(|(_, _, counts)| counts)),
    }
    let sniffed = csv_import::sniff_path(&path, &ImportOptions::default()).unwrap();
    assert!(matches!(csv_import::sample_rows(&path, &sniffed, 20), Err(ImportError::FieldTooLarge { row: 12, .. })));
}

/// A file over the cap is refused before it is read (a small cap through the test seam), and so is a
/// file with more rows than the cap allows.
#[test]
fn files_over_the_size_or_row_caps_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    let mut text = String::from("Email\n");
    for i in 0..5 {
        text.push_str(&format!("p{i}@example.com\n"));
    }
    std::fs::write(&path, &text).unwrap();
    let small = csv_import::ImportLimits { max_file_bytes: 40, ..Default::default() };
    match csv_import::sniff_path_with(&path, &ImportOptions::default(), small) {
        Err(error @ ImportError::FileTooLarge { size, limit: 40 }) => {
            assert_eq!(size, text.len() as u64);
            assert_eq!(error.code(), "file_too_large");
        }
        other => panic!("expected file_too_large, got {other:?}"),
    }
    assert_eq!(csv_import::ImportLimits::default().max_file_bytes, 200 * 1024 * 1024, "the documented cap");
    let few_rows = csv_import::ImportLimits { max_rows: 4, ..Default::default() };
    let sniffed = csv_import::sniff_path_with(&path, &ImportOptions::default(), few_rows).unwrap();
    let result = csv_import::read_rows(&path, &sniffed, &context(), |_| Ok(()));
    assert!(matches!(result, Err(ImportError::TooManyRows { limit: 4 })), "{result:?}");
    let enough = csv_import::ImportLimits { max_rows: 5, ..Default::default() };
    let sniffed = csv_import::sniff_path_with(&path, &ImportOptions::default(), enough).unwrap();
    assert_eq!(csv_import::read_rows(&path, &sniffed, &context(), |_| Ok(())).unwrap().counts.rows, 5);
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_shows_them() {
    let (_, rows, _) = read_all(&fixture("quoted_newlines.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3, 4, 5]);
    let problem = &rows[2].problems[0];
    assert_eq!((problem.row, problem.column.as_str(), problem.value.as_str(), problem.code), (4, "Email", "bad@", ProblemCode::EmailInvalid));
    let (_, rows, _) = read_all(&fixture("blank_lines.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [3, 6, 8]);
    let (_, rows, _) = read_all(&fixture("duplicates_case_spaces.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(rows.iter().map(|r| (r.status, r.duplicate_of)).collect::<Vec<_>>(), [
        (RowStatus::Valid, None),
        (RowStatus::Duplicate, Some(2)),
        (RowStatus::Duplicate, Some(2)),
        (RowStatus::Valid, None)
    ]);
}

#[test]
fn overrides_win_over_the_guesses() {
    let options = ImportOptions { encoding: Some(FileEncoding::Windows1252), delimiter: Some(b','), ..Default::default() };
    let sniffed = csv_import::sniff_path(&fixture("spanish_headers.csv"), &options).unwrap();
    assert_eq!((sniffed.dialect.encoding, sniffed.dialect.delimiter), (FileEncoding::Windows1252, b','));
    assert_eq!(sniffed.headers[1], "Nombre");
    let mapping = Mapping { email: Some(0), ..Default::default() };
    let options = ImportOptions { mapping: Some(mapping.clone()), ..Default::default() };
    let (sniffed, rows, _) = read_all(&fixture("spanish_headers.csv"), &options).unwrap();
    assert_eq!(sniffed.mapping, mapping);
    assert_eq!(rows[0].fields.first_name, None);
}

#[test]
fn messages_speak_the_callers_language_and_known_people_count_as_already() {
    let path = fixture("spanish_semicolons_bom.csv");
    let sniffed = csv_import::sniff_path(&path, &ImportOptions::default()).unwrap();
    let mut context = CheckContext { language: Language::Es, seats_left: Some(1), ..context() };
    context.known.local.insert("luis@example.es".into(), InvitationState::Sent);
    let mut rows = Vec::new();
    let summary = csv_import::read_rows(&path, &sniffed, &context, |row| {
        rows.push(row);
        Ok(())
    })
    .unwrap();
    assert_eq!(summary.counts, Counts { rows: 5, valid: 3, invalid: 1, duplicates: 1, already: 1, over_seats: 1 });
    assert!(rows[2].problems[0].message.contains("no es un correo válido"), "{}", rows[2].problems[0].message);
    assert_eq!(rows[2].problems[0].column, "Correo electrónico");
    assert_eq!(rows.iter().map(|r| r.status).collect::<Vec<_>>(), [RowStatus::Valid, RowStatus::Already, RowStatus::Invalid, RowStatus::Duplicate, RowStatus::OverSeats]);
    let expected_sha = {
        use sha2::Digest;
        sha2::Sha256::digest(std::fs::read(&path).unwrap()).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(summary.sha256, expected_sha);
}

fn stage(store: &Store, name: &str, options: &ImportOptions) -> csv_import::Staged {
    let path = fixture(name);
    let sniffed = csv_import::sniff_with_memory(store, &path, options).unwrap();
    csv_import::stage(store, &path, &sniffed, &context(), &StageTarget { environment_id: Some("sandbox"), file_name: name, actor: "ana" }).unwrap()
}

#[test]
fn staging_records_the_file_and_every_row_and_pages_by_status() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let staged = stage(&store, "spanish_semicolons_bom.csv", &ImportOptions::default());
    let record = store.read(|c| msi_actions_setup::store::imports::get(c, staged.import_id)).unwrap();
    assert_eq!((record.encoding.as_str(), record.delimiter.as_str(), record.bom, record.state.as_str()), ("utf-8", ";", true, "staged"));
    assert_eq!((record.counts.rows, record.counts.valid, record.counts.invalid, record.counts.duplicates), (5, 3, 1, 1));
    assert_eq!(record.size, std::fs::metadata(fixture("spanish_semicolons_bom.csv")).unwrap().len());
    assert_eq!(record.sha256, staged.summary.sha256);
    let all = csv_import::preview_page(&store, staged.import_id, &[], 0, 100).unwrap();
    assert_eq!(all.len(), 5);
    let invalid = csv_import::preview_page(&store, staged.import_id, &[RowStatus::Invalid], 0, 100).unwrap();
    assert_eq!(invalid.iter().map(|r| r.row).collect::<Vec<_>>(), [4]);
    let by_code = csv_import::problem_page(&store, staged.import_id, ProblemCode::EmailInvalid, 0, 10).unwrap();
    assert_eq!(by_code.len(), 1);
    assert_eq!(csv_import::preview_page(&store, staged.import_id, &[], 2, 2).unwrap().iter().map(|r| r.row).collect::<Vec<_>>(), [4, 5]);
}

/// 10,000 rows with blank lines, repeats, invalid addresses, unknown teams and long names spread through
/// the file, so every filter has rows in several of the stored chunks.
fn ten_thousand_rows(dir: &Path) -> PathBuf {
    let path = dir.join("people.csv");
    let mut text = String::from("Email,First Name,Team\n");
    for i in 0..10_000u64 {
        if i % 997 == 0 {
            text.push('\n');
        }
        let email = match i % 13 {
            0 => format!("user{i}(at)example.com"),
            5 if i > 20 => format!(" User{}@Example.COM", i - 20),
            _ => format!("user{i}@example.com"),
        };
        let team = if i % 17 == 0 { "Marketing" } else if i % 2 == 0 { "Todos" } else { "SDR" };
        let name = if i % 101 == 0 { "n".repeat(81) } else { format!("Zoë {i}") };
        text.push_str(&format!("{email},{name},{team}\n"));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn pages_in_the_middle_of_a_big_import_with_a_filter_are_the_rows_the_full_read_gives() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let path = ten_thousand_rows(dir.path());
    let (sniffed, every, _) = read_all(&path, &ImportOptions::default()).unwrap();
    let staged = csv_import::stage(&store, &path, &sniffed, &context(), &StageTarget { environment_id: Some("sandbox"), file_name: "people.csv", actor: "ana" }).unwrap();
    assert_eq!(staged.summary.counts.rows, 10_000);
    let chunks: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM import_chunks WHERE import_id = ?1", [staged.import_id], |r| r.get(0))?)).unwrap();
    assert!(chunks >= 5, "several chunks ({chunks})");

    let expected = |keep: &dyn Fn(&csv_import::check::CheckedRow) -> bool, offset: usize, limit: usize| -> Vec<csv_import::check::CheckedRow> {
        every.iter().filter(|r| keep(r)).skip(offset).take(limit).cloned().collect()
    };
    // Unfiltered, across the boundary between two chunks, and past the end.
    assert_eq!(csv_import::preview_page(&store, staged.import_id, &[], 3_990, 25).unwrap(), expected(&|_| true, 3_990, 25));
    assert_eq!(csv_import::preview_page(&store, staged.import_id, &[], 9_990, 25).unwrap(), expected(&|_| true, 9_990, 25));
    for status in [RowStatus::Valid, RowStatus::Invalid, RowStatus::Duplicate] {
        let total = every.iter().filter(|r| r.status == status).count();
        let offset = total / 2;
        let page = csv_import::preview_page(&store, staged.import_id, &[status], offset as u64, 50).unwrap();
        assert_eq!(page.len(), 50.min(total - offset), "{status:?}");
        assert_eq!(page, expected(&|r| r.status == status, offset, 50), "{status:?} from {offset}");
    }
    let both = csv_import::preview_page(&store, staged.import_id, &[RowStatus::Invalid, RowStatus::Duplicate], 700, 40).unwrap();
    assert_eq!(both, expected(&|r| matches!(r.status, RowStatus::Invalid | RowStatus::Duplicate), 700, 40));
    for code in [ProblemCode::TeamUnknown, ProblemCode::EmailInvalid, ProblemCode::NameTooLong] {
        let has = |r: &csv_import::check::CheckedRow| r.status == RowStatus::Invalid && r.problems.iter().any(|p| p.code == code);
        let total = every.iter().filter(|r| has(r)).count();
        assert!(total > 60, "{code:?}: {total}");
        let page = csv_import::problem_page(&store, staged.import_id, code, (total / 2) as u64, 30).unwrap();
        assert_eq!(page, expected(&has, total / 2, 30), "{code:?}");
        let view = csv_import::view::rows_page(
            &store,
            staged.import_id,
            csv_import::view::RowFilter { status: None, problem: Some(code) },
            (total / 2) as u64,
            30,
            Language::Es,
        )
        .unwrap();
        assert_eq!(view.total, total as u64, "{code:?}");
        assert_eq!(view.rows.iter().map(|r| r.row).collect::<Vec<_>>(), page.iter().map(|r| r.row).collect::<Vec<_>>());
    }
    let view = csv_import::view::import_view(&store, staged.import_id, msi_actions_setup::environment::SalesRouteKind::Http).unwrap();
    let invalid_with = |code: ProblemCode| every.iter().filter(|r| r.status == RowStatus::Invalid && r.problems.iter().any(|p| p.code == code)).count() as u64;
    for count in &view.problems {
        assert_eq!(count.rows, invalid_with(count.code), "{:?}", count.code);
    }
    assert_eq!(view.to_invite, every.iter().filter(|r| r.status == RowStatus::Valid).count() as u64);
}

#[test]
fn an_import_that_fails_part_way_leaves_no_import_and_no_chunk_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let path = ten_thousand_rows(dir.path());
    // Chunks of the first rows are committed before the row cap stops the read.
    let limits = csv_import::ImportLimits { max_rows: 4_500, ..Default::default() };
    let sniffed = csv_import::sniff_path_with(&path, &ImportOptions::default(), limits).unwrap();
    let target = StageTarget { environment_id: Some("sandbox"), file_name: "people.csv", actor: "ana" };
    let error = csv_import::stage(&store, &path, &sniffed, &context(), &target).unwrap_err();
    assert!(matches!(error, ImportError::TooManyRows { limit: 4_500 }), "{error}");
    let left: (i64, i64) = store
        .read(|c| Ok(c.query_row("SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM import_chunks)", [], |r| Ok((r.get(0)?, r.get(1)?)))?))
        .unwrap();
    assert_eq!(left, (0, 0));
}

#[test]
fn an_edited_mapping_is_remembered_for_the_same_header_set() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let edited = Mapping { email: Some(0), first_name: Some(2), ..Default::default() };
    stage(&store, "spanish_headers.csv", &ImportOptions { mapping: Some(edited.clone()), ..Default::default() });
    let again = csv_import::sniff_with_memory(&store, &fixture("spanish_headers.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(again.mapping, edited);
    assert!(again.mapping_remembered);
    let other = csv_import::sniff_with_memory(&store, &fixture("utf8_bom.csv"), &ImportOptions::default()).unwrap();
    assert!(!other.mapping_remembered);
}

#[test]
fn exports_keep_the_input_encoding_and_delimiter_and_neutralise_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let staged = stage(&store, "spanish_semicolons_bom.csv", &ImportOptions::default());
    let failed = dir.path().join("failed.csv");
    assert_eq!(export::export_failed(&store, staged.import_id, &failed, None, Language::Es).unwrap(), 1);
    let text = String::from_utf8(std::fs::read(&failed).unwrap()).unwrap();
    let mut lines = text.strip_prefix('\u{feff}').expect("BOM kept").lines();
    assert_eq!(lines.next(), Some("Nombre;Apellidos;Correo electrónico;Equipo;Motivo"));
    let line = lines.next().unwrap();
    assert!(line.starts_with("Marta;Ruiz;marta(arroba)example.es;;«marta(arroba)example.es» en la columna «Correo electrónico» no es un correo válido"), "{line}");
    let results = dir.path().join("results.csv");
    assert_eq!(export::export_results(&store, staged.import_id, &results, None, Language::En).unwrap(), 5);
    let text = String::from_utf8(std::fs::read(&results).unwrap()).unwrap();
    assert!(text.contains("5;Ana;López;ANA@example.es ;;duplicate;Repeats row 2: only the first one is invited."), "{text}");

    let staged = stage(&store, "formula_names.csv", &ImportOptions::default());
    export::export_results(&store, staged.import_id, &results, None, Language::En).unwrap();
    let text = String::from_utf8(std::fs::read(&results).unwrap()).unwrap();
    for neutralised in ["'=HYPERLINK(", "'+34600000000", "'@SUM(A1)", "'-Ruiz", "'\tTab"] {
        assert!(text.contains(neutralised), "{neutralised} in {text}");
    }

    let staged = stage(&store, "excel_unicode_text.txt", &ImportOptions::default());
    export::export_results(&store, staged.import_id, &results, None, Language::En).unwrap();
    let bytes = std::fs::read(&results).unwrap();
    assert_eq!(&bytes[..2], b"\xFF\xFE");
    let units: Vec<u16> = bytes[2..].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let text = String::from_utf16(&units).unwrap();
    assert!(text.starts_with("Row\tEmail\tFirst Name\tLast Name\tStatus\tReason\r\n"), "{text}");
    assert!(text.contains("García"));

    let staged = stage(&store, "cp1252_accents.csv", &ImportOptions::default());
    export::export_results(&store, staged.import_id, &results, None, Language::En).unwrap();
    let bytes = std::fs::read(&results).unwrap();
    assert!(bytes.windows(4).any(|w| w == b"Pe\xf1a"), "written as windows-1252");
}

fn encode(text: &str, encoding: FileEncoding) -> Vec<u8> {
    match encoding {
        FileEncoding::Utf8 => text.as_bytes().to_vec(),
        FileEncoding::Utf16Le => [b"\xFF\xFE".to_vec(), text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()].concat(),
        FileEncoding::Utf16Be => [b"\xFE\xFF".to_vec(), text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()].concat(),
        FileEncoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Rows written by the csv crate in any delimiter and encoding read back to the same cells.
    #[test]
    fn written_rows_read_back_the_same(
        cells in prop::collection::vec(prop::collection::vec("[a-zA-Z0-9 áéíóúñÑüÜ,;|\t\"'\n.-]{0,12}", 3), 1..20),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
        encoding in prop::sample::select(vec![FileEncoding::Utf8, FileEncoding::Utf16Le, FileEncoding::Utf16Be, FileEncoding::Windows1252]),
    ) {
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).quote_style(csv::QuoteStyle::Necessary).from_writer(Vec::new());
        writer.write_record(["Email", "Nombre", "Notas"]).unwrap();
        let rows: Vec<Vec<String>> = cells.into_iter().enumerate().map(|(i, mut row)| {
            row[0] = format!("user{i}@example.com");
            row
        }).collect();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("round.csv");
        std::fs::write(&path, encode(&text, encoding)).unwrap();
        let options = ImportOptions { delimiter: Some(delimiter), encoding: (encoding == FileEncoding::Windows1252).then_some(encoding), ..Default::default() };
        let (sniffed, read, _) = read_all(&path, &options).unwrap();
        prop_assert_eq!(sniffed.dialect.encoding, encoding);
        let expected: Vec<Vec<String>> = rows.into_iter().filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect();
        let got: Vec<Vec<String>> = read.into_iter().map(|r| r.raw).collect();
        prop_assert_eq!(got, expected);
    }

    /// The guesses alone (no override) find the delimiter of regular files.
    #[test]
    fn the_delimiter_is_guessed(
        names in prop::collection::vec("[a-zA-Z áéñ]{1,10}", 2..15),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
    ) {
        let d = delimiter as char;
        let mut text = format!("Email{d}First Name{d}Team\n");
        for (i, name) in names.iter().enumerate() {
            text.push_str(&format!("u{i}@example.com{d}{name}{d}Everyone\n"));
        }
        let sniffed = csv_import::sniff_bytes(text.as_bytes(), text.len() as u64, &ImportOptions::default()).unwrap();
        prop_assert_eq!(sniffed.dialect.delimiter, delimiter);
        prop_assert_eq!(sniffed.dialect.encoding, FileEncoding::Utf8);
    }

    /// Arbitrary bytes never make the sniffer or the reader panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), header in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("noise.csv");
        let mut content = if header { b"Email,Name\n".to_vec() } else { Vec::new() };
        content.extend_from_slice(&bytes);
        std::fs::write(&path, &content).unwrap();
        let _ = read_all(&path, &ImportOptions::default());
        let _ = read_all(&path, &ImportOptions { has_header: Some(true), mapping: Some(Mapping { email: Some(0), ..Default::default() }), ..Default::default() });
    }
}

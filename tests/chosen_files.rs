//! The window reads only files the admin chose: `import_open` (its command-layer function) refuses a
//! path the page sent that was not picked in the dialog or dropped on the window, and reads it once it
//! was, under any spelling of the same file.

use msi_actions_setup::commands::{open_chosen, ImportOptionsInput};
use msi_actions_setup::file_choice::ChosenFiles;
use msi_actions_setup::store::Store;

#[test]
fn import_open_reads_only_a_file_the_admin_chose() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(&people, "Email,Name\nana@acme.test,Ana\n").unwrap();
    let private = dir.path().join("private.csv");
    std::fs::write(&private, "Email\nnot-for-the-page@acme.test\n").unwrap();
    let chosen = ChosenFiles::default();

    let refused = open_chosen(&store, &chosen, people.to_str().unwrap(), ImportOptionsInput::default()).unwrap_err();
    assert_eq!(refused.code, "path_not_chosen", "{refused:?}");
    assert_eq!(refused.params.get("path").map(String::as_str), people.to_str(), "the path travels as a param");

    chosen.allow([people.as_path()]);
    let opened = open_chosen(&store, &chosen, people.to_str().unwrap(), ImportOptionsInput::default()).unwrap();
    assert_eq!(opened.file_name, "people.csv");
    let roundabout = dir.path().join(".").join("people.csv");
    assert!(open_chosen(&store, &chosen, roundabout.to_str().unwrap(), ImportOptionsInput::default()).is_ok());

    for other in [private.to_str().unwrap(), "/etc/passwd", "people.csv"] {
        let refused = open_chosen(&store, &chosen, other, ImportOptionsInput::default()).unwrap_err();
        assert_eq!(refused.code, "path_not_chosen", "{other}");
    }
}

//! plan/events.toml: central-government events that start a task's clock.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::load::fields::{Fields, TableRef};
use crate::model::Event;
use crate::source::SourceFile;

const EVENT_FIELDS: &[&str] = &["description", "date", "note"];

pub fn read(file: &SourceFile, table: TableRef, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<String, Event> {
    let mut top = Fields::any_keys(file, table, diagnostics);
    let mut events = BTreeMap::new();
    for ((key, _), table) in top.entries_as_tables() {
        let mut event = Fields::new(file, table, EVENT_FIELDS, top.diagnostics);
        let description = event.required_string("description", "description = \"Trung ương ban hành ...\"");
        let date = event.date("date");
        let note = event.string("note");
        if let Some((description, _)) = description {
            events.insert(key, Event { description, date: date.map(|d| d.0), note: note.map(|n| n.0) });
        }
    }
    events
}

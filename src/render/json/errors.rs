//! An invalid record in JSON: the status `invalid`, the record's position, and its errors.

use super::writer::{JsonWriter, key};
use crate::eval::Outcome;
use crate::record::RecordError;
use crate::render::{format_name, record_error_message};

impl<const PRETTY: bool> JsonWriter<'_, '_, '_, PRETTY> {
    /// The entries of an invalid record: its status, position and errors.
    pub(super) fn invalid(&mut self, outcome: &Outcome, errors: &[RecordError]) {
        let r = &self.prepared.renderer;
        let policy = r.policy;
        self.key(key!("status"));
        self.raw("\"invalid\"");
        let position = &outcome.position;
        self.key(key!("position"));
        self.begin_object();
        self.key(key!("file"));
        self.string(&position.file);
        self.key(key!("record"));
        self.integer(position.record);
        self.key(key!("line"));
        self.optional_integer(position.line);
        self.end_object();
        let format = format_name(&position.file);
        self.key(key!("errors"));
        self.begin_array();
        for e in errors {
            self.next();
            self.begin_object();
            self.key(key!("path"));
            self.string(&e.path);
            self.key(key!("code"));
            self.string(e.kind.code());
            self.key(key!("message"));
            self.string(&super::super::redacted(
                record_error_message(e, policy, r.lang, format),
                r.redact,
            ));
            self.key(key!("line"));
            self.optional_integer(e.at.map(|a| a.line));
            self.key(key!("column"));
            self.optional_integer(e.at.map(|a| a.column));
            self.end_object();
        }
        self.end_array();
    }
}

//! Policy text: parsing and checking never panic, diagnostics render, and a policy that
//! parses formats to text that parses to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xueshi::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let (_, report) = xueshi::compile_policy(SourceFile::new("fuzz.policy", text.clone()));
    for d in report.diagnostics(xueshi::messages::Lang::En) {
        let _ = xueshi::diagnostics::render(d, &report.source, Default::default());
    }
    let (file, errors) = xueshi::syntax::parse_policy(&text);
    if errors.is_empty() {
        let formatted = xueshi::syntax::format_policy(&file, &text);
        let (again, errors) = xueshi::syntax::parse_policy(&formatted);
        assert!(errors.is_empty(), "formatted text does not parse");
        assert_eq!(again, file, "formatting changed the tree");
        assert_eq!(xueshi::syntax::format_policy(&again, &formatted), formatted);
    }
});

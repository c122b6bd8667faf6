//! Any text given to `Language::parse` either parses to a sentence whose
//! display parses back to the same handle, or is an `InvalidSentence`
//! error that leaves the language exactly as it was.
#![no_main]

use inductive::Error;
use inductive::market::Language;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut lang = Language::new();
    lang.atom("kept").expect("a valid name");
    let before = (lang.len(), lang.atom_count());
    match lang.parse(text) {
        Ok(sentence) => {
            let shown = lang.display(sentence).to_string();
            assert_eq!(lang.parse(&shown).expect("a display parses"), sentence, "{shown}");
        }
        Err(Error::InvalidSentence { position, .. }) => {
            assert!(position <= text.len());
            assert_eq!((lang.len(), lang.atom_count()), before);
        }
        Err(other) => panic!("unexpected error {other:?}"),
    }
});

//! The parser of [`Language::parse`]: recursive descent over the grammar
//! in [`crate::market`], with a bound on nesting.

use super::language::{AtomName, Language, MAX_DEPTH, Sentence, check_atom_name, is_bit_name};
use crate::error::{Error, Result};

/// Deepest nesting of `!` and parentheses [`Language::parse`] accepts.
pub const MAX_NESTING: usize = 256;

struct Parser<'a> {
    chars: &'a [(usize, char)],
    at: usize,
    /// Open `!` and parentheses around the current position.
    depth: usize,
    text_len: usize,
    lang: &'a mut Language,
}

impl Parser<'_> {
    fn position(&self) -> usize {
        self.chars.get(self.at).map_or(self.text_len, |&(i, _)| i)
    }

    fn error(&self, reason: &str) -> Error {
        Error::InvalidSentence {
            position: self.position(),
            reason: reason.to_string(),
        }
    }

    fn skip_space(&mut self) {
        while self
            .chars
            .get(self.at)
            .is_some_and(|&(_, c)| c.is_whitespace())
        {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.at).map(|&(_, c)| c)
    }

    fn eat_arrow(&mut self) -> bool {
        match self.peek() {
            Some('→') => {
                self.at += 1;
                true
            }
            Some('-') if self.chars.get(self.at + 1).map(|&(_, c)| c) == Some('>') => {
                self.at += 2;
                true
            }
            _ => false,
        }
    }

    /// `a → b → c` is `a → (b → c)`. The chain is read in a loop and
    /// folded from the right, so its length costs no stack: a chain too
    /// deep to build fails in [`Language::implies`] at the arrow that
    /// would exceed the depth bound, never by overflowing the stack.
    fn implication(&mut self) -> Result<Sentence> {
        let mut operands = vec![(self.disjunction()?, self.position())];
        while self.eat_arrow() {
            // Each arrow nests one level deeper, so a chain longer than
            // the depth bound can never be built: stop reading it here.
            if operands.len() >= MAX_DEPTH {
                return Err(self.error(&format!(
                    "a chain of more than {MAX_DEPTH} implications nests deeper than a sentence may"
                )));
            }
            operands.push((self.disjunction()?, self.position()));
        }
        let (mut right, _) = operands.pop().expect("one operand at least");
        while let Some((left, position)) = operands.pop() {
            right = self
                .lang
                .implies(left, right)
                .map_err(|e| Error::InvalidSentence {
                    position,
                    reason: e.to_string(),
                })?;
        }
        Ok(right)
    }

    fn disjunction(&mut self) -> Result<Sentence> {
        let mut left = self.conjunction()?;
        while matches!(self.peek(), Some('|' | '∨')) {
            self.at += 1;
            let right = self.conjunction()?;
            left = self.lang.or(left, right).map_err(|e| self.too_deep(e))?;
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> Result<Sentence> {
        let mut left = self.unary()?;
        while matches!(self.peek(), Some('&' | '∧')) {
            self.at += 1;
            let right = self.unary()?;
            left = self.lang.and(left, right).map_err(|e| self.too_deep(e))?;
        }
        Ok(left)
    }

    /// A sentence too deep to build, as a parse error at this position.
    fn too_deep(&self, error: Error) -> Error {
        self.error(&format!("{error}"))
    }

    /// Enters one level of nesting, refusing past [`MAX_NESTING`].
    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error("nesting deeper than 256 levels of '!' and '('"));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Sentence> {
        match self.peek() {
            Some('!' | '¬' | '~') => {
                self.nest()?;
                self.at += 1;
                let inner = self.unary()?;
                self.depth -= 1;
                self.lang.not(inner).map_err(|e| self.too_deep(e))
            }
            Some('(') => {
                self.nest()?;
                self.at += 1;
                let inner = self.implication()?;
                if self.peek() != Some(')') {
                    return Err(self.error("expected ')'"));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.at;
                let begin = self.position();
                while self
                    .chars
                    .get(self.at)
                    .is_some_and(|&(_, c)| c.is_alphanumeric() || c == '_')
                {
                    self.at += 1;
                }
                let name = &self.chars[start..self.at]
                    .iter()
                    .map(|&(_, c)| c)
                    .collect::<String>();
                if is_bit_name(name) {
                    let t: u64 = name[1..].parse().map_err(|_| Error::InvalidSentence {
                        position: begin,
                        reason: format!("bit index in {name:?} does not fit in 64 bits"),
                    })?;
                    Ok(self.lang.bit(t))
                } else {
                    check_atom_name(name, begin)?;
                    Ok(self.lang.intern_atom(AtomName::Named(name.as_str().into())))
                }
            }
            Some(_) => Err(self.error("expected an atom, '!' or '('")),
            None => Err(self.error("expected a sentence, found the end")),
        }
    }
}

/// Parses `text` into `lang` (which [`Language::parse`] rolls back on an
/// error).
pub(super) fn parse(lang: &mut Language, text: &str) -> Result<Sentence> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut parser = Parser {
        chars: &chars,
        at: 0,
        depth: 0,
        text_len: text.len(),
        lang,
    };
    let sentence = parser.implication()?;
    parser.skip_space();
    if parser.at < chars.len() {
        Err(parser.error("unexpected text after the sentence"))
    } else {
        Ok(sentence)
    }
}

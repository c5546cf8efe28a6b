//! Strings that match an ECMA-262 `pattern`: a small parser for the syntax
//! schemas use (literals, escapes, classes, groups, alternation,
//! quantifiers, anchors) and a sampler over it. What it does not know
//! (lookaround, back-references, most Unicode properties) is refused with a
//! reason, so the operation is listed as skipped instead of sent with a
//! guess. Every sample is checked again by the client's own `Validate`,
//! which uses the ECMA-262 engine `regress`: a sample that does not match
//! shows as a failure, never as a pass.

use super::sample::{Rng, Shape};

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    /// One character from these inclusive ranges (or, negated, from the
    /// printable ASCII ones outside them).
    Set {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
    /// A sequence.
    Concat(Vec<Node>),
    /// One of these.
    Alt(Vec<Node>),
    /// Between `min` and `max` (unbounded: `None`) repetitions.
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
    /// `^`, `$` or `\b`: matches no character.
    Anchor,
}

/// The most repetitions an unbounded quantifier gets beyond its minimum.
const UNBOUNDED_EXTRA: u32 = 6;
/// The deepest nesting of groups read.
const MAX_NESTING: usize = 64;

/// A string matching `pattern` (anywhere, as JSON Schema's `pattern` does:
/// the whole string is one match), or why none can be made.
pub fn sample(pattern: &str, rng: &mut Rng, shape: Shape) -> Result<String, String> {
    let node = parse(pattern)?;
    let mut out = String::new();
    generate(&node, rng, shape, &mut out)?;
    Ok(out)
}

fn parse(pattern: &str) -> Result<Node, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser { chars, at: 0 };
    let node = parser.alternation(0)?;
    if parser.at < parser.chars.len() {
        return Err(format!("unbalanced `)` in the pattern `{pattern}`"));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let next = self.peek();
        self.at += usize::from(next.is_some());
        next
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_NESTING {
            return Err("the pattern nests groups too deeply".to_owned());
        }
        let mut branches = vec![self.concat(depth)?];
        while self.peek() == Some('|') {
            self.at += 1;
            branches.push(self.concat(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.remove(0)
        } else {
            Node::Alt(branches)
        })
    }

    fn concat(&mut self, depth: usize) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Ok(Node::Concat(items))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braces() {
                Some(bounds) => bounds,
                // A `{` that is no quantifier is a literal (Annex B).
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(self.peek(), Some('*' | '+' | '?')) {
            self.at += 1;
        }
        if self.peek() == Some('?') {
            self.at += 1; // Lazy: the same strings.
        }
        if matches!(atom, Node::Anchor) {
            return Ok(atom);
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` (and moves past it), or `None` if the
    /// text there is no quantifier.
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let rest: String = self.chars[self.at..].iter().collect();
        let end = rest.find('}')?;
        let inner = &rest[1..end];
        let (min, max) = match inner.split_once(',') {
            None => {
                let n = inner.parse().ok()?;
                (n, Some(n))
            }
            Some((min, "")) => (min.parse().ok()?, None),
            Some((min, max)) => (min.parse().ok()?, Some(max.parse().ok()?)),
        };
        self.at += rest[..=end].chars().count();
        Some((min, max))
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let Some(c) = self.next() else {
            return Err("the pattern ends early".to_owned());
        };
        match c {
            '(' => {
                if self.peek() == Some('?') {
                    self.at += 1;
                    match self.next() {
                        Some(':') => {}
                        Some('<') if !matches!(self.peek(), Some('=' | '!')) => {
                            // A named group: skip its name.
                            while let Some(c) = self.next() {
                                if c == '>' {
                                    break;
                                }
                            }
                        }
                        _ => return Err("lookaround assertions cannot be sampled".to_owned()),
                    }
                }
                let inner = self.alternation(depth + 1)?;
                if self.next() != Some(')') {
                    return Err("an unclosed group".to_owned());
                }
                Ok(inner)
            }
            '[' => self.class(),
            '.' => Ok(Node::Set {
                ranges: vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
                negated: false,
            }),
            '^' | '$' => Ok(Node::Anchor),
            '\\' => self.escape(false).map(|set| match set {
                Escape::Set(ranges, negated) => Node::Set { ranges, negated },
                Escape::Anchor => Node::Anchor,
            }),
            '*' | '+' | '?' => Err(format!("a quantifier `{c}` with nothing to repeat")),
            c => Ok(literal(c)),
        }
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        self.at += usize::from(negated);
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.next() else {
                return Err("an unclosed character class".to_owned());
            };
            if c == ']' && !first {
                break;
            }
            if c == ']' {
                // `[]` matches nothing; `[^]` anything.
                if negated {
                    ranges.clear();
                    return Ok(Node::Set {
                        ranges: vec![('a', 'z')],
                        negated: false,
                    });
                }
                return Err("the empty class `[]` matches nothing".to_owned());
            }
            first = false;
            let low = if c == '\\' {
                match self.escape(true)? {
                    Escape::Set(set, false) if set.len() == 1 && set[0].0 == set[0].1 => set[0].0,
                    Escape::Set(set, false) => {
                        ranges.extend(set);
                        continue;
                    }
                    Escape::Set(_, true) | Escape::Anchor => {
                        return Err("a negated escape inside a class cannot be sampled".to_owned());
                    }
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                let high = match self.next() {
                    Some('\\') => match self.escape(true)? {
                        Escape::Set(set, false) if set.len() == 1 && set[0].0 == set[0].1 => {
                            set[0].0
                        }
                        _ => return Err("a class range ends in a class escape".to_owned()),
                    },
                    Some(high) => high,
                    None => return Err("an unclosed character class".to_owned()),
                };
                if high < low {
                    return Err(format!("the class range `{low}-{high}` is out of order"));
                }
                ranges.push((low, high));
            } else {
                ranges.push((low, low));
            }
        }
        Ok(Node::Set { ranges, negated })
    }

    fn escape(&mut self, in_class: bool) -> Result<Escape, String> {
        let Some(c) = self.next() else {
            return Err("the pattern ends in `\\`".to_owned());
        };
        let one = |c: char| Escape::Set(vec![(c, c)], false);
        let digits = vec![('0', '9')];
        let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
        let space = vec![(' ', ' ')];
        Ok(match c {
            'd' => Escape::Set(digits, false),
            'D' => Escape::Set(digits, true),
            'w' => Escape::Set(word, false),
            'W' => Escape::Set(word, true),
            's' => Escape::Set(space, false),
            'S' => Escape::Set(vec![(' ', ' '), ('\t', '\r')], true),
            'b' if in_class => one('\u{8}'),
            'b' | 'B' => Escape::Anchor,
            't' => one('\t'),
            'n' => one('\n'),
            'r' => one('\r'),
            'f' => one('\u{c}'),
            'v' => one('\u{b}'),
            '0' => one('\0'),
            'x' => one(self.hex(2)?),
            'u' if self.peek() == Some('{') => {
                self.at += 1;
                let mut text = String::new();
                while let Some(c) = self.next() {
                    if c == '}' {
                        break;
                    }
                    text.push(c);
                }
                one(code_point(&text)?)
            }
            'u' => one(self.hex(4)?),
            'p' | 'P' => {
                let negated = c == 'P';
                let mut name = String::new();
                if self.next() != Some('{') {
                    return Err("`\\p` without `{`".to_owned());
                }
                while let Some(c) = self.next() {
                    if c == '}' {
                        break;
                    }
                    name.push(c);
                }
                let ranges = match name.as_str() {
                    "L" | "Letter" | "Alphabetic" => vec![('a', 'z'), ('A', 'Z'), ('é', 'é')],
                    "Lu" | "Uppercase_Letter" | "Uppercase" => vec![('A', 'Z')],
                    "Ll" | "Lowercase_Letter" | "Lowercase" => vec![('a', 'z')],
                    "N" | "Nd" | "Number" | "Decimal_Number" => vec![('0', '9')],
                    _ => {
                        return Err(format!(
                            "the Unicode property `\\p{{{name}}}` cannot be sampled"
                        ));
                    }
                };
                Escape::Set(ranges, negated)
            }
            '1'..='9' | 'k' => return Err("back-references cannot be sampled".to_owned()),
            'c' => return Err("control escapes cannot be sampled".to_owned()),
            c => one(c),
        })
    }

    fn hex(&mut self, count: usize) -> Result<char, String> {
        let text: String = (0..count).filter_map(|_| self.next()).collect();
        code_point(&text)
    }
}

enum Escape {
    Set(Vec<(char, char)>, bool),
    Anchor,
}

fn code_point(hex: &str) -> Result<char, String> {
    u32::from_str_radix(hex, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| format!("`{hex}` is no character"))
}

fn literal(c: char) -> Node {
    Node::Set {
        ranges: vec![(c, c)],
        negated: false,
    }
}

fn generate(node: &Node, rng: &mut Rng, shape: Shape, out: &mut String) -> Result<(), String> {
    match node {
        Node::Anchor => Ok(()),
        Node::Set { ranges, negated } => {
            out.push(pick_char(ranges, *negated, rng, shape)?);
            Ok(())
        }
        Node::Concat(items) => {
            for item in items {
                generate(item, rng, shape, out)?;
            }
            Ok(())
        }
        Node::Alt(branches) => {
            let index = match shape {
                Shape::Low => 0,
                Shape::High => branches.len() - 1,
                Shape::Random => rng.below(branches.len() as u64) as usize,
            };
            generate(&branches[index], rng, shape, out)
        }
        Node::Repeat { node, min, max } => {
            let high = max.unwrap_or(min.saturating_add(UNBOUNDED_EXTRA));
            let high = high.min(min.saturating_add(64));
            let count = match shape {
                Shape::Low => *min,
                Shape::High => high,
                Shape::Random => {
                    let spread = u64::from(high - min).min(u64::from(UNBOUNDED_EXTRA));
                    min + rng.below(spread + 1) as u32
                }
            };
            for _ in 0..count {
                generate(node, rng, shape, out)?;
            }
            Ok(())
        }
    }
}

fn pick_char(
    ranges: &[(char, char)],
    negated: bool,
    rng: &mut Rng,
    shape: Shape,
) -> Result<char, String> {
    let candidates: Vec<(char, char)> = if negated {
        let inside = |c: char| ranges.iter().any(|(low, high)| (*low..=*high).contains(&c));
        let allowed: Vec<char> = (' '..='~').filter(|c| !inside(*c)).collect();
        allowed.into_iter().map(|c| (c, c)).collect()
    } else {
        ranges.to_vec()
    };
    let total: u64 = candidates
        .iter()
        .map(|(low, high)| u64::from(*high) - u64::from(*low) + 1)
        .sum();
    if total == 0 {
        return Err("a character class that matches nothing printable".to_owned());
    }
    let mut index = match shape {
        Shape::Low => 0,
        Shape::High => total - 1,
        Shape::Random => rng.below(total),
    };
    for (low, high) in candidates {
        let size = u64::from(high) - u64::from(low) + 1;
        if index < size {
            // Surrogates are no characters: step past them.
            let code = u32::from(low) + index as u32;
            return char::from_u32(code).or(Some(low)).ok_or_else(String::new);
        }
        index -= size;
    }
    Err("a character class that matches nothing".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(pattern: &str) -> Vec<String> {
        let mut rng = Rng::new(7);
        [Shape::Low, Shape::High, Shape::Random, Shape::Random]
            .into_iter()
            .map(|shape| sample(pattern, &mut rng, shape).unwrap())
            .collect()
    }

    #[test]
    fn samples_common_patterns() {
        assert_eq!(samples(r"^[0-9]{3}$")[..2], ["000", "999"]);
        for text in samples(r"^\d{4}-\d{2}-\d{2}$") {
            assert_eq!(text.len(), 10, "{text}");
            assert_eq!(&text[4..5], "-");
        }
        assert_eq!(samples("^(cat|dog)s?$")[..2], ["cat", "dogs"]);
        for text in samples(r"^[^\s@]+@[^\s@]+\.[a-z]{2,}$") {
            assert!(text.contains('@') && !text.contains(' '), "{text}");
        }
        for text in samples(r"^(?:[A-Z]{2})?\x41\u0042$") {
            assert!(text.ends_with("AB"), "{text}");
        }
        assert_eq!(samples("a{2,4}b")[..2], ["aab", "aaaab"]);
    }

    #[test]
    fn refuses_what_it_cannot_sample() {
        let mut rng = Rng::new(1);
        for pattern in [r"^(?=a)a$", r"(a)\1", r"\p{Script=Greek}", "[]", "(a"] {
            assert!(sample(pattern, &mut rng, Shape::Low).is_err(), "{pattern}");
        }
    }
}

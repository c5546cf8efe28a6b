//! Valid JSON values for a type of the IR: inside every constraint the
//! generated client checks (bounds, exclusive bounds, `multipleOf`, lengths,
//! patterns, item and entry counts, `uniqueItems`, `propertyNames`), with
//! required members always and optional ones sometimes, deterministic from a
//! seed. [`Shape::Low`] and [`Shape::High`] take every bound at its lower or
//! upper end; [`Shape::Random`] anything in between.

use generator::ir::{
    Access, Api, BoundKind, Constraints, Decimal, FloatType, IntType, PartKind, TagValues, Ty,
    TyKind, TypeDef, TypeKind, UnionKind,
};
use serde_json::{Map, Number, Value};

use super::pattern;

/// A seeded pseudo-random generator (SplitMix64): the same seed gives the
/// same samples on every machine.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i128, high: i128) -> i128 {
        let span = high.saturating_sub(low);
        let span = u128::try_from(span).unwrap_or(0);
        let random = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        let offset = if span == u128::MAX {
            random
        } else {
            random % (span + 1)
        };
        low.saturating_add(i128::try_from(offset).unwrap_or(0))
    }
}

/// Where in its constraints a sample lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Every bound at its low end: fewest items, shortest texts, smallest
    /// numbers, no optional member, `null` where allowed.
    Low,
    /// Every bound at its high end, every optional member present.
    High,
    /// Anywhere in between, optional members present half the time.
    Random,
}

/// How deep named types nest before optional members are left out.
const SOFT_DEPTH: usize = 4;
/// How deep required members may nest before a sample is given up.
const HARD_DEPTH: usize = 24;
/// The largest integer a JavaScript number holds exactly, 2^53 − 1.
const SAFE_INTEGER: i128 = (1 << 53) - 1;
/// The width of the window numbers are drawn from when unbounded.
const WINDOW: i128 = 1000;
/// The most tries to draw a value not drawn yet (`uniqueItems`, map keys).
const UNIQUE_TRIES: usize = 32;

/// Makes values for the types of one API.
#[derive(Debug)]
pub struct Sampler<'a> {
    api: &'a Api,
    /// The random source.
    pub rng: Rng,
    /// Where in the bounds values lie.
    pub shape: Shape,
    depth: usize,
    /// Whether texts must be printable ASCII without spaces (header and
    /// cookie values).
    pub plain_text: bool,
    /// Whether the next value must not be empty (a parameter: OpenAPI reads
    /// an empty one as absent unless `allowEmptyValue`, and a path segment
    /// cannot be empty). Only the value itself, not what it holds.
    pub non_empty: bool,
}

impl<'a> Sampler<'a> {
    /// A sampler for `api`.
    pub fn new(api: &'a Api, rng: Rng, shape: Shape) -> Self {
        Self {
            api,
            rng,
            shape,
            depth: 0,
            plain_text: false,
            non_empty: false,
        }
    }

    /// The API whose types it makes values of.
    pub fn api(&self) -> &'a Api {
        self.api
    }

    /// A value of `ty`, or why none can be made.
    pub fn value(&mut self, ty: &Ty) -> Result<Value, String> {
        let c = &ty.constraints;
        let non_empty = std::mem::take(&mut self.non_empty);
        match &ty.kind {
            TyKind::Bool => Ok(Value::Bool(match self.shape {
                Shape::Low => false,
                Shape::High => true,
                Shape::Random => self.rng.one_in(2),
            })),
            TyKind::Int(int) => self.number(c, Some(*int), None),
            TyKind::Float(float) => self.number(c, None, Some(*float)),
            TyKind::String => self.string(c, non_empty),
            TyKind::Snowflake | TyKind::Id(_) => Ok(Value::String(
                match self.shape {
                    Shape::Low => 0,
                    Shape::High => u64::MAX,
                    Shape::Random => self.rng.next_u64() >> 1,
                }
                .to_string(),
            )),
            TyKind::Timestamp => Ok(Value::String(self.timestamp())),
            // Never empty: an empty object in a parameter is no value at all.
            TyKind::Json => Ok(serde_json::json!({"sample": self.rng.below(100)})),
            // A placeholder: the driver sends its own small file in its place.
            TyKind::File => Ok(Value::String("conformance.bin".to_owned())),
            TyKind::Named(name) => {
                self.non_empty = non_empty;
                self.named(name)
            }
            TyKind::Array(item) => self.array(item, c, non_empty),
            TyKind::Map { keys, values } => self.map(keys, values, c, non_empty),
            TyKind::Nullable(inner) => {
                let null = match self.shape {
                    Shape::Low => true,
                    Shape::High => false,
                    Shape::Random => self.rng.one_in(4),
                };
                if null {
                    Ok(Value::Null)
                } else {
                    self.value(inner)
                }
            }
            TyKind::Tuple(items) => items
                .iter()
                .map(|item| self.value(item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
        }
    }

    /// A number inside every bound, on the `multipleOf` grid. Works on
    /// integers at a decimal scale fine enough for every bound and step.
    fn number(
        &mut self,
        c: &Constraints,
        int: Option<IntType>,
        float: Option<FloatType>,
    ) -> Result<Value, String> {
        let mut exponents: Vec<i16> = c.number_bounds.iter().map(|b| b.value.exponent).collect();
        exponents.extend(c.multiple_of.map(|step| step.exponent));
        let floor = if int.is_some() { 0 } else { -2 };
        let scale = exponents.into_iter().fold(floor, i16::min).max(-18);
        let scaled = |d: Decimal| -> Option<i128> {
            let shift = u32::try_from(d.exponent - scale).ok()?;
            i128::from(d.mantissa).checked_mul(10_i128.checked_pow(shift)?)
        };
        let whole = |n: i64| scaled(Decimal::new(n, 0));
        let unit = 10_i128.pow(u32::try_from(-scale).unwrap_or(0));
        let (mut low, mut high): (Option<i128>, Option<i128>) = (None, None);
        let raise = |bound: Option<i128>, low: &mut Option<i128>| {
            if let Some(bound) = bound {
                *low = Some(low.map_or(bound, |low| low.max(bound)));
            }
        };
        raise(c.minimum.and_then(whole), &mut low);
        for bound in &c.number_bounds {
            match bound.kind {
                BoundKind::Minimum => raise(scaled(bound.value), &mut low),
                BoundKind::ExclusiveMinimum => raise(scaled(bound.value).map(|b| b + 1), &mut low),
                _ => {}
            }
        }
        let lower = |bound: Option<i128>, high: &mut Option<i128>| {
            if let Some(bound) = bound {
                *high = Some(high.map_or(bound, |high| high.min(bound)));
            }
        };
        lower(c.maximum.and_then(whole), &mut high);
        for bound in &c.number_bounds {
            match bound.kind {
                BoundKind::Maximum => lower(scaled(bound.value), &mut high),
                BoundKind::ExclusiveMaximum => lower(scaled(bound.value).map(|b| b - 1), &mut high),
                _ => {}
            }
        }
        if let Some(int) = int {
            // Prism (JavaScript) reads JSON numbers as doubles and checks
            // `int64` as a safe integer: samples stay within ±(2^53 − 1).
            let (min, max) = int.range();
            raise(min.max(-SAFE_INTEGER).checked_mul(unit), &mut low);
            lower(max.min(SAFE_INTEGER).checked_mul(unit), &mut high);
        }
        let (low, high) = match (low, high) {
            (Some(low), Some(high)) => (low, high),
            (Some(low), None) => (low, low.saturating_add(WINDOW * unit)),
            (None, Some(high)) => (high.saturating_sub(WINDOW * unit), high),
            (None, None) => (-WINDOW * unit, WINDOW * unit),
        };
        // For integers the grid is whole numbers; `multipleOf` refines it.
        let mut step = if int.is_some() { unit } else { 1 };
        if let Some(multiple) = c.multiple_of.and_then(scaled).filter(|m| *m > 0) {
            step = lcm(step, multiple).ok_or("the `multipleOf` step is too fine to sample")?;
        }
        let first = ceil_div(low, step);
        let last = floor_div(high, step);
        if first > last {
            return Err("no number lies inside the bounds and on the `multipleOf` grid".to_owned());
        }
        let k = match self.shape {
            Shape::Low => first,
            Shape::High => last,
            Shape::Random => self
                .rng
                .between(first, last.min(first.saturating_add(WINDOW * 10))),
        };
        let value = k.checked_mul(step).ok_or("a number too large to sample")?;
        if int.is_some() {
            let value = value / unit;
            return if let Ok(value) = i64::try_from(value) {
                Ok(Value::Number(value.into()))
            } else {
                u64::try_from(value)
                    .map(|value| Value::Number(value.into()))
                    .map_err(|_| "an integer beyond 64 bits".to_owned())
            };
        }
        let text = format!("{value}e{scale}");
        let number: f64 = text.parse().map_err(|_| format!("`{text}` is no number"))?;
        let number = match float {
            Some(FloatType::F32) => f64::from(number as f32),
            _ => number,
        };
        Number::from_f64(number)
            .map(Value::Number)
            .ok_or_else(|| "a number JSON cannot hold".to_owned())
    }

    fn string(&mut self, c: &Constraints, non_empty: bool) -> Result<Value, String> {
        if let Some(allowed) = &c.allowed {
            return self.pick(allowed).cloned().map(Value::String);
        }
        let min = c.min_length.unwrap_or(0).max(u64::from(non_empty));
        let max = c.max_length;
        let fits = |text: &str| {
            let count = text.chars().count() as u64;
            count >= min && max.is_none_or(|max| count <= max)
        };
        if let Some(pattern) = &c.pattern {
            // The low and high ends first, then random ones, until one fits.
            for attempt in 0..UNIQUE_TRIES {
                let shape = if attempt == 0 {
                    self.shape
                } else {
                    Shape::Random
                };
                let text = pattern::sample(pattern, &mut self.rng, shape)?;
                if fits(&text) && (!self.plain_text || plain(&text)) {
                    return Ok(Value::String(text));
                }
            }
            return Err(format!(
                "no sample of the pattern `{pattern}` has {min} to {} characters",
                max.map_or("any".to_owned(), |max| max.to_string())
            ));
        }
        if let Some(text) = c
            .format
            .as_deref()
            .and_then(|format| self.formatted(format))
            && fits(&text)
        {
            return Ok(Value::String(text));
        }
        let high = max.unwrap_or(min + 12).min(min + 256);
        let length = match self.shape {
            Shape::Low => min,
            Shape::High => high,
            Shape::Random => min + self.rng.below(high - min + 1),
        };
        let alphabet: &[char] = if self.plain_text || self.shape != Shape::Random {
            &ALPHANUMERIC
        } else {
            &TEXT
        };
        let text = (0..length)
            .map(|_| alphabet[self.rng.below(alphabet.len() as u64) as usize])
            .collect();
        Ok(Value::String(text))
    }

    /// A text of a well-known `format`, or `None` for others.
    fn formatted(&mut self, format: &str) -> Option<String> {
        let r = self.rng.next_u64();
        Some(match format {
            "uuid" => format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                r >> 32,
                r & 0xffff,
                (r >> 16) & 0xfff,
                (r >> 28) & 0xfff,
                r & 0xffff_ffff_ffff
            ),
            "email" | "idn-email" => format!("user{}@example.com", r % 1000),
            "date" => format!("20{:02}-{:02}-{:02}", r % 100, 1 + r % 12, 1 + r % 28),
            "time" => format!("{:02}:{:02}:{:02}Z", r % 24, r % 60, (r >> 8) % 60),
            "date-time" => self.timestamp(),
            "uri" | "url" | "iri" => format!("https://example.com/item/{}", r % 1000),
            "uri-reference" | "iri-reference" => format!("/item/{}", r % 1000),
            "hostname" | "idn-hostname" => format!("host{}.example.com", r % 1000),
            "ipv4" => format!("192.0.2.{}", r % 256),
            "ipv6" => format!("2001:db8::{:x}", r % 0xffff),
            "byte" => "Y29uZm9ybWFuY2U=".to_owned(),
            "duration" => format!("P{}D", r % 30),
            "regex" => "^[a-z]+$".to_owned(),
            "json-pointer" => "/a/b".to_owned(),
            _ => return None,
        })
    }

    fn timestamp(&mut self) -> String {
        let r = self.rng.next_u64();
        match self.shape {
            Shape::Low => "1970-01-01T00:00:00Z".to_owned(),
            Shape::High => "2099-12-31T23:59:59Z".to_owned(),
            Shape::Random => format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                r % 100,
                1 + (r >> 8) % 12,
                1 + (r >> 16) % 28,
                (r >> 24) % 24,
                (r >> 32) % 60,
                (r >> 40) % 60
            ),
        }
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> Result<&'t T, String> {
        if items.is_empty() {
            return Err("an enum or union with no member".to_owned());
        }
        let index = match self.shape {
            Shape::Low => 0,
            Shape::High => items.len() - 1,
            Shape::Random => self.rng.below(items.len() as u64) as usize,
        };
        Ok(&items[index])
    }

    fn count(&mut self, min: Option<u64>, max: Option<u64>, deep: bool) -> u64 {
        let min = min.unwrap_or(0);
        let high = max.unwrap_or(min + 3).min(min + 16);
        match self.shape {
            _ if deep => min,
            Shape::Low => min,
            Shape::High => high,
            Shape::Random => min + self.rng.below(high.min(min + 4) - min + 1),
        }
    }

    fn array(&mut self, item: &Ty, c: &Constraints, non_empty: bool) -> Result<Value, String> {
        let min = c.min_items.unwrap_or(0).max(u64::from(non_empty));
        let count = self.count(Some(min), c.max_items, self.depth > SOFT_DEPTH);
        let mut items: Vec<Value> = Vec::new();
        let shape = self.shape;
        for index in 0..count {
            let mut tries = 0;
            loop {
                // Unique items cannot all sit at one end of their bounds.
                if c.unique_items && (index > 0 || tries > 0) {
                    self.shape = Shape::Random;
                }
                let value = self.value(item);
                self.shape = shape;
                let value = value?;
                if !c.unique_items || !items.contains(&value) {
                    items.push(value);
                    break;
                }
                tries += 1;
                if tries >= UNIQUE_TRIES {
                    return Err(format!(
                        "cannot draw {count} different items (`uniqueItems`)"
                    ));
                }
            }
        }
        Ok(Value::Array(items))
    }

    fn map(
        &mut self,
        keys: &Ty,
        values: &Ty,
        c: &Constraints,
        non_empty: bool,
    ) -> Result<Value, String> {
        let min = c.min_properties.unwrap_or(0).max(u64::from(non_empty));
        let count = self.count(Some(min), c.max_properties, self.depth > SOFT_DEPTH);
        let mut map = Map::new();
        let shape = self.shape;
        let plain_text = std::mem::replace(&mut self.plain_text, true);
        let mut tries = 0;
        while (map.len() as u64) < count {
            if !map.is_empty() || tries > 0 {
                self.shape = Shape::Random;
            }
            let key = self.value(keys);
            self.shape = shape;
            let Value::String(key) = key? else {
                return Err("a map key that is no text".to_owned());
            };
            if map.contains_key(&key) {
                tries += 1;
                if tries >= UNIQUE_TRIES {
                    return Err(format!("cannot draw {count} different keys"));
                }
                continue;
            }
            self.plain_text = plain_text;
            let value = self.value(values)?;
            self.plain_text = true;
            map.insert(key, value);
        }
        self.plain_text = plain_text;
        Ok(Value::Object(map))
    }

    /// The wire names of the members a struct type requires (none for
    /// any other type).
    fn required_members(&self, ty: &Ty) -> Vec<String> {
        let TyKind::Named(name) = &ty.kind else {
            return Vec::new();
        };
        match self.api.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => s
                .fields
                .iter()
                .filter(|field| !field.optional)
                .map(|field| field.wire_name().to_owned())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn named(&mut self, name: &str) -> Result<Value, String> {
        let Some(def) = self.api.types.get(name) else {
            return Err(format!("no type `{name}`"));
        };
        if self.depth >= HARD_DEPTH {
            return Err(format!("`{name}` contains itself through required members"));
        }
        self.depth += 1;
        let value = self.definition(def);
        self.depth -= 1;
        value
    }

    fn definition(&mut self, def: &TypeDef) -> Result<Value, String> {
        let deep = self.depth > SOFT_DEPTH;
        let non_empty = std::mem::take(&mut self.non_empty);
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                for (index, field) in s.fields.iter().enumerate() {
                    if field.access == Access::ReadOnly {
                        continue;
                    }
                    let part = s.form.as_ref().and_then(|parts| parts.get(index));
                    // Prism reads every part of a multipart body as one text:
                    // a JSON part is a string to it, not the object the schema
                    // describes, and a list sent as repeated parts is one of
                    // its items, not a list. Such a member is only sent when
                    // required (and then the operation cannot be judged).
                    if part.is_some_and(|part| {
                        matches!(
                            part.kind,
                            PartKind::Json | PartKind::TextList | PartKind::Files
                        )
                    }) {
                        if field.optional || field.nullable {
                            continue;
                        }
                        return Err(format!(
                            "Prism reads the multipart part `{}` (JSON, or a list sent as \
                             repeated parts) as one text",
                            field.wire_name()
                        ));
                    }
                    let present = !field.optional
                        || match self.shape {
                            _ if deep => false,
                            Shape::Low => false,
                            Shape::High => true,
                            Shape::Random => self.rng.one_in(2),
                        };
                    if !present {
                        continue;
                    }
                    let null = field.nullable
                        && (deep || self.shape == Shape::Random && self.rng.one_in(5));
                    let value = if null {
                        Value::Null
                    } else {
                        self.value(&field.ty)?
                    };
                    object.insert(field.wire_name().to_owned(), value);
                }
                if non_empty
                    && object.is_empty()
                    && let Some(field) = s.fields.iter().find(|f| f.access != Access::ReadOnly)
                {
                    let value = self.value(&field.ty)?;
                    object.insert(field.wire_name().to_owned(), value);
                }
                if let Some((_, ty)) = &s.extra
                    && self.shape == Shape::High
                    && !deep
                    && !object.contains_key("conformanceExtra")
                {
                    let value = self.value(ty)?;
                    object.insert("conformanceExtra".to_owned(), value);
                }
                Ok(Value::Object(object))
            }
            TypeKind::IntEnum { variants, .. } => self
                .pick(variants)
                .map(|variant| Value::Number(variant.value.into())),
            TypeKind::StringEnum { variants, .. } => self
                .pick(variants)
                .map(|variant| Value::String(variant.value.clone())),
            TypeKind::Union(union) => {
                let indices: Vec<usize> = (0..union.variants.len()).collect();
                let index = *self.pick(&indices)?;
                let mut value = self.value(&union.variants[index].ty)?;
                if let (UnionKind::Untagged { .. }, Value::Object(object)) =
                    (&union.kind, &mut value)
                {
                    // A member another variant requires (and this one does not) is
                    // left out, so the value matches this variant alone, as a
                    // `oneOf` asks (Mastodon's text, media and poll statuses).
                    let own = self.required_members(&union.variants[index].ty);
                    for (other, variant) in union.variants.iter().enumerate() {
                        if other != index {
                            for name in self.required_members(&variant.ty) {
                                if !own.contains(&name) {
                                    object.remove(&name);
                                }
                            }
                        }
                    }
                }
                if let (UnionKind::Tagged(tag), Value::Object(object)) = (&union.kind, &mut value) {
                    let tag_value = match &tag.values {
                        TagValues::Int(values) => {
                            values[index].first().map(|v| Value::Number((*v).into()))
                        }
                        TagValues::Str(values) => {
                            values[index].first().map(|v| Value::String(v.clone()))
                        }
                    };
                    if let Some(tag_value) = tag_value {
                        object.insert(tag.property.clone(), tag_value);
                    }
                }
                Ok(value)
            }
            TypeKind::Tuple(tuple) => {
                let mut items = Vec::new();
                for item in &tuple.items {
                    let present = !item.optional
                        || match self.shape {
                            _ if deep => false,
                            Shape::Low => false,
                            Shape::High => true,
                            Shape::Random => self.rng.one_in(2),
                        };
                    if !present {
                        // A JSON array cannot skip a position.
                        break;
                    }
                    let null = item.nullable && self.shape == Shape::Random && self.rng.one_in(5);
                    items.push(if null {
                        Value::Null
                    } else {
                        self.value(&item.ty)?
                    });
                }
                if let Some(rest) = &tuple.rest
                    && items.len() == tuple.items.len()
                {
                    let have = items.len() as u64;
                    let min = rest.min_items.map(|min| min.saturating_sub(have));
                    let max = rest.max_items.map(|max| max.saturating_sub(have));
                    for _ in 0..self.count(min, max, deep) {
                        items.push(self.value(&rest.ty)?);
                    }
                }
                Ok(Value::Array(items))
            }
            TypeKind::Alias(ty) => {
                self.non_empty = non_empty;
                self.value(ty)
            }
        }
    }
}

/// Letters and digits: texts that are the same in every encoding.
const ALPHANUMERIC: [char; 62] = {
    let mut chars = ['a'; 62];
    let mut index = 0;
    while index < 62 {
        chars[index] = match index {
            0..=25 => (b'a' + index as u8) as char,
            26..=51 => (b'A' + (index - 26) as u8) as char,
            _ => (b'0' + (index - 52) as u8) as char,
        };
        index += 1;
    }
    chars
};

/// Letters, digits, and characters that need escaping somewhere (a space,
/// punctuation, letters beyond ASCII, one beyond the Basic Multilingual Plane).
const TEXT: [char; 14] = [
    'a', 'Z', '0', '9', ' ', '-', '_', '.', '~', 'é', 'ß', '日', '+', '&',
];

fn plain(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_graphic())
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn lcm(a: i128, b: i128) -> Option<i128> {
    (a / gcd(a, b)).checked_mul(b)
}

fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && (a < 0) != (b < 0) {
        q - 1
    } else {
        q
    }
}

fn ceil_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && (a < 0) == (b < 0) {
        q + 1
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use generator::ir::NumberBound;

    fn api() -> Api {
        generator::lower(&generator::Input {
            schema_path: "test.yaml",
            schema_text: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            files: &generator::NoFiles,
        })
        .unwrap()
    }

    fn ty(kind: TyKind, constraints: Constraints) -> Ty {
        Ty::new(kind, constraints)
    }

    fn samples(ty: &Ty) -> Vec<Value> {
        let api = api();
        let mut out = Vec::new();
        for (seed, shape) in [
            (1, Shape::Low),
            (2, Shape::High),
            (3, Shape::Random),
            (4, Shape::Random),
        ] {
            let mut sampler = Sampler::new(&api, Rng::new(seed), shape);
            out.push(sampler.value(ty).unwrap());
        }
        out
    }

    #[test]
    fn a_oneof_variant_leaves_out_what_only_another_variant_requires() {
        let api = generator::lower(&generator::Input {
            schema_path: "test.yaml",
            schema_text: r"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Status:
      oneOf:
        - {type: object, required: [status], properties: {status: {type: string}, poll: {type: string}}}
        - {type: object, required: [poll], properties: {poll: {type: string}, status: {type: string}}}
",
            files: &generator::NoFiles,
        })
        .unwrap();
        let status = Ty::new(TyKind::Named("Status".to_owned()), Constraints::default());
        for seed in 0..20 {
            let mut sampler = Sampler::new(&api, Rng::new(seed), Shape::High);
            let value = sampler.value(&status).unwrap();
            let object = value.as_object().unwrap();
            // Every optional member is there in `High`, except the one that
            // would make the value match both variants.
            assert_eq!(object.len(), 1, "{value}");
        }
    }

    #[test]
    fn integers_take_their_bounds_and_steps() {
        let c = Constraints {
            minimum: Some(3),
            maximum: Some(100),
            multiple_of: Some(Decimal::new(5, 0)),
            ..Constraints::default()
        };
        let values = samples(&ty(TyKind::Int(IntType::U8), c));
        assert_eq!(values[..2], [Value::from(5), Value::from(100)]);
        for value in &values {
            assert_eq!(value.as_u64().unwrap() % 5, 0);
        }
        let unbounded = samples(&ty(TyKind::Int(IntType::U64), Constraints::default()));
        assert_eq!(unbounded[0], Value::from(0));
    }

    #[test]
    fn numbers_respect_exclusive_and_fractional_bounds() {
        let c = Constraints {
            number_bounds: vec![
                NumberBound {
                    kind: BoundKind::ExclusiveMinimum,
                    value: Decimal::new(0, 0),
                },
                NumberBound {
                    kind: BoundKind::Maximum,
                    value: Decimal::new(1999, -2),
                },
            ],
            multiple_of: Some(Decimal::new(1, -2)),
            ..Constraints::default()
        };
        let values = samples(&ty(TyKind::Float(FloatType::F64), c));
        assert_eq!(values[..2], [Value::from(0.01), Value::from(19.99)]);
        for value in values {
            let number = value.as_f64().unwrap();
            assert!(number > 0.0 && number <= 19.99, "{number}");
        }
    }

    #[test]
    fn strings_fit_lengths_patterns_and_formats() {
        let c = Constraints {
            min_length: Some(2),
            max_length: Some(5),
            ..Constraints::default()
        };
        let values = samples(&ty(TyKind::String, c));
        assert_eq!(values[0].as_str().unwrap().chars().count(), 2);
        assert_eq!(values[1].as_str().unwrap().chars().count(), 5);
        let c = Constraints {
            pattern: Some("^#[0-9a-f]{6}$".to_owned()),
            ..Constraints::default()
        };
        for value in samples(&ty(TyKind::String, c)) {
            assert_eq!(value.as_str().unwrap().len(), 7, "{value}");
        }
        let c = Constraints {
            format: Some("uuid".to_owned()),
            ..Constraints::default()
        };
        assert_eq!(
            samples(&ty(TyKind::String, c))[2].as_str().unwrap().len(),
            36
        );
    }

    #[test]
    fn arrays_keep_counts_and_unique_items() {
        let c = Constraints {
            min_items: Some(2),
            max_items: Some(4),
            unique_items: true,
            ..Constraints::default()
        };
        let item = ty(TyKind::Int(IntType::U8), Constraints::default());
        for value in samples(&ty(TyKind::Array(Box::new(item)), c)) {
            let items = value.as_array().unwrap();
            assert!((2..=4).contains(&items.len()), "{value}");
            for (index, item) in items.iter().enumerate() {
                assert!(!items[..index].contains(item), "{value}");
            }
        }
    }

    #[test]
    fn impossible_constraints_are_reported() {
        let c = Constraints {
            minimum: Some(3),
            maximum: Some(4),
            multiple_of: Some(Decimal::new(5, 0)),
            ..Constraints::default()
        };
        let api = api();
        let mut sampler = Sampler::new(&api, Rng::new(1), Shape::Low);
        assert!(sampler.value(&ty(TyKind::Int(IntType::U8), c)).is_err());
    }
}

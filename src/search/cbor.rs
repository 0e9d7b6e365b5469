//! The little of CBOR (RFC 8949) the index files use: unsigned and negative integers, text
//! and arrays of known length, written straight into a buffer.

/// A CBOR document being written.
#[derive(Debug, Default, Clone)]
pub struct Cbor(Vec<u8>);

impl Cbor {
    /// An empty document with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Self(Vec::with_capacity(bytes))
    }

    /// An unsigned integer.
    pub fn unsigned(&mut self, value: u64) {
        self.head(0, value);
    }

    /// An integer of either sign.
    pub fn signed(&mut self, value: i64) {
        match u64::try_from(value) {
            Ok(value) => self.head(0, value),
            // CBOR writes -1 - n as n; `!value` is that for a negative value.
            Err(_) => self.head(1, (!value).cast_unsigned()),
        }
    }

    /// A text string.
    pub fn text(&mut self, text: &str) {
        self.head(3, text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    /// The start of an array of `length` items, which follow.
    pub fn array(&mut self, length: usize) {
        self.head(4, length as u64);
    }

    /// Items already written by another [`Cbor`].
    pub fn raw(&mut self, items: &[u8]) {
        self.0.extend_from_slice(items);
    }

    /// How many bytes were written.
    pub fn size(&self) -> usize {
        self.0.len()
    }

    /// What was written.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// What was written, taken.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// An item's head: its major type and its argument in the shortest form (the argument
    /// itself up to 23, else a code for its width and its big-endian bytes).
    fn head(&mut self, major: u8, argument: u64) {
        let major = major << 5;
        // Most arguments in an index are small: one or two bytes, pushed one at a time.
        if let Ok(byte) = u8::try_from(argument) {
            if byte <= 0x17 {
                self.0.push(major | byte);
            } else {
                self.0.extend([major | 0x18, byte]);
            }
            return;
        }
        let bytes = argument.to_be_bytes();
        let (code, width) = match argument {
            0x100..=0xffff => (0x19, 2),
            0x1_0000..=0xffff_ffff => (0x1a, 4),
            _ => (0x1b, 8),
        };
        self.0.push(major | code);
        self.0.extend_from_slice(&bytes[bytes.len() - width..]);
    }
}

#[cfg(test)]
mod tests {
    use super::Cbor;

    /// The examples of RFC 8949, appendix A.
    #[test]
    fn items_are_written_as_the_rfc_examples() {
        let mut cbor = Cbor::default();
        cbor.unsigned(23);
        cbor.unsigned(24);
        cbor.unsigned(1000);
        cbor.unsigned(1_000_000);
        cbor.signed(-1);
        cbor.signed(-100);
        cbor.signed(10);
        cbor.text("IETF");
        cbor.array(3);
        assert_eq!(
            cbor.into_bytes(),
            [
                0x17, 0x18, 0x18, 0x19, 0x03, 0xe8, 0x1a, 0x00, 0x0f, 0x42, 0x40, 0x20, 0x38, 0x63,
                0x0a, 0x64, 0x49, 0x45, 0x54, 0x46, 0x83
            ]
        );
    }
}

//! Reading level of patient-education text.
//!
//! **Method.** Text is split into sentences at `.`, `!` or `?` followed by a space (common
//! abbreviations such as "Dr." and decimal numbers do not end a sentence), and at the end of
//! every paragraph or list item. Words are runs of letters and digits (a hyphenated word is
//! one word). Syllables are counted by rule, not from a dictionary:
//!
//! - English: each group of vowels (`a e i o u y`) is one syllable; a final silent `e` is not
//!   (but `-le` after a consonant is: "ta-ble"); a final `-ed` is not unless after `t` or `d`
//!   ("walked" 1, "wanted" 2); a final `-es` is not unless after `s`, `x`, `z`, `ch`, `sh`,
//!   `ce` or `ge` ("takes" 1, "boxes" 2). Every word has at least one syllable; a number is one.
//! - Spanish: each vowel nucleus is one syllable. Adjacent vowels form one nucleus (a
//!   diphthong, "cuidado" 3) unless both are strong (`a e o`, hiatus: "le-er") or one is an
//!   accented weak vowel (`í ú`: "dí-a"). A final `y` after a vowel belongs to it ("hoy" 1).
//!
//! **Formulas.** Flesch Reading Ease = 206.835 − 1.015 × words/sentences − 84.6 ×
//! syllables/words; Flesch–Kincaid grade = 0.39 × words/sentences + 11.8 × syllables/words −
//! 15.59; Fernández-Huerta = 206.84 − 60 × syllables/words − 1.02 × words/sentences. Spanish
//! has no grade formula of its own, so its grade is read off the Flesch table (90+: grade 5,
//! 80: 6, 70: 7, 60: 8–9, 50: 10–12, 30: college, below: graduate), which the Fernández-Huerta
//! score shares.
//!
//! The values are pinned by a corpus of sentences counted by hand, in the tests below.

/// Which formulas a text is scored with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Flesch Reading Ease and Flesch–Kincaid grade.
    English,
    /// Fernández-Huerta.
    Spanish,
}

impl Language {
    /// Spanish for `es` and `es-*` tags, English otherwise.
    pub fn from_tag(tag: &str) -> Self {
        if tag
            .split('-')
            .next()
            .is_some_and(|primary| primary.eq_ignore_ascii_case("es"))
        {
            Self::Spanish
        } else {
            Self::English
        }
    }
}

/// The counts and scores of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Sentences.
    pub sentences: usize,
    /// Words.
    pub words: usize,
    /// Syllables.
    pub syllables: usize,
    /// Flesch Reading Ease (English) or Fernández-Huerta (Spanish): higher is easier.
    pub ease: f64,
    /// School grade level: Flesch–Kincaid (English) or from the Flesch table (Spanish).
    pub grade: f64,
}

/// Scores text made of blocks (paragraphs, list items), each ending a sentence.
pub fn score(blocks: &[String], language: Language) -> Option<Score> {
    let sentences: Vec<&str> = blocks.iter().flat_map(|block| sentences(block)).collect();
    let words: Vec<&str> = sentences.iter().flat_map(|s| words(s)).collect();
    if words.is_empty() {
        return None;
    }
    let syllables: usize = words.iter().map(|w| syllables(w, language)).sum();
    let (s, w, y) = (count(sentences.len()), count(words.len()), count(syllables));
    let (ease, grade) = match language {
        Language::English => (
            206.835 - 1.015 * (w / s) - 84.6 * (y / w),
            0.39 * (w / s) + 11.8 * (y / w) - 15.59,
        ),
        Language::Spanish => {
            let ease = 206.84 - 60.0 * (y / w) - 1.02 * (w / s);
            (ease, grade_from_ease(ease))
        }
    };
    Some(Score {
        sentences: sentences.len(),
        words: words.len(),
        syllables,
        ease,
        grade,
    })
}

/// A count as a float; texts are far below the 2^52 words where that would lose precision.
#[allow(clippy::cast_precision_loss)]
fn count(n: usize) -> f64 {
    n as f64
}

/// The sentences of a block of text.
pub fn sentences(block: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    let mut chars = block.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let ends = chars
            .peek()
            .is_none_or(|&(_, next)| next.is_whitespace() || matches!(next, '"' | '”' | '’' | ')'));
        if ends && !(c == '.' && is_abbreviation(&block[start..offset])) {
            push_sentence(&mut found, &block[start..offset + c.len_utf8()]);
            start = offset + c.len_utf8();
        }
    }
    push_sentence(&mut found, &block[start..]);
    found
}

fn push_sentence<'a>(found: &mut Vec<&'a str>, text: &'a str) {
    let text = text.trim();
    if !words(text).is_empty() {
        found.push(text);
    }
}

/// Whether the text before a period ends with an abbreviation or is a number part.
fn is_abbreviation(before: &str) -> bool {
    const ABBREVIATIONS: [&str; 16] = [
        "dr", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e", "etc", "no", "approx", "u.s", "sr",
        "sra", "dra", "p.ej",
    ];
    let last = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches(['(', '"', '“'])
        .to_lowercase();
    ABBREVIATIONS.contains(&last.as_str())
        || (last.len() == 1 && last.chars().all(char::is_alphabetic))
}

/// The words of a sentence: runs of letters and digits, hyphens and apostrophes inside.
pub fn words(sentence: &str) -> Vec<&str> {
    sentence
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '—' | '–'))
        .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|token| token.chars().any(char::is_alphanumeric))
        .collect()
}

/// Syllables of one word, by the rules in the module documentation.
pub fn syllables(word: &str, language: Language) -> usize {
    if word
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%'))
    {
        return 1;
    }
    word.split('-')
        .filter(|part| !part.is_empty())
        .map(|part| match language {
            Language::English => english_syllables(part),
            Language::Spanish => spanish_syllables(&part.to_lowercase()),
        })
        .sum::<usize>()
        .max(1)
}

fn english_syllables(word: &str) -> usize {
    // Lowercase ASCII letters in a stack buffer: this runs once per word of every post.
    let mut buffer = [0u8; 48];
    let mut n = 0;
    for byte in word.bytes().filter(u8::is_ascii_alphabetic) {
        if n < buffer.len() {
            buffer[n] = byte.to_ascii_lowercase();
            n += 1;
        }
    }
    let letters = &buffer[..n];
    if letters.is_empty() {
        return 1;
    }
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut groups = 0;
    let mut previous_vowel = false;
    for &c in letters {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    let ends = |suffix: &[u8]| letters.ends_with(suffix);
    let before = |k: usize| {
        if n > k {
            Some(letters[n - 1 - k])
        } else {
            None
        }
    };
    if groups > 1 {
        let silent_e = ends(b"e")
            && !is_vowel(before(1).unwrap_or(b'a'))
            && !(ends(b"le") && before(2).is_some_and(|c| !is_vowel(c)));
        let silent_ed = ends(b"ed")
            && !matches!(before(2), Some(b't' | b'd'))
            && before(2).is_some_and(|c| !is_vowel(c));
        let sounded_es = [
            &b"ses"[..],
            b"xes",
            b"zes",
            b"ches",
            b"shes",
            b"ces",
            b"ges",
        ]
        .iter()
        .any(|suffix| ends(suffix));
        let mute_es = ends(b"es") && !sounded_es && before(2).is_some_and(|c| !is_vowel(c));
        if silent_e || silent_ed || mute_es {
            groups -= 1;
        }
    }
    groups.max(1)
}

fn spanish_syllables(word: &str) -> usize {
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó');
    let accented_weak = |c: char| matches!(c, 'í' | 'ú');
    let vowel = |c: char| strong(c) || matches!(c, 'i' | 'u' | 'ü' | 'í' | 'ú');
    let chars: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let mut nuclei = 0;
    let mut previous: Option<char> = None;
    for (index, &c) in chars.iter().enumerate() {
        let is_final_y = c == 'y' && index + 1 == chars.len() && index > 0;
        let c_is_vowel = vowel(c) || (c == 'y' && chars.len() == 1);
        if is_final_y {
            if previous.is_none() {
                nuclei += 1;
            }
            previous = Some('i');
            continue;
        }
        if !c_is_vowel {
            previous = None;
            continue;
        }
        let new_nucleus = match previous {
            None => true,
            Some(p) => (strong(p) && strong(c)) || accented_weak(p) || accented_weak(c),
        };
        if new_nucleus {
            nuclei += 1;
        }
        previous = Some(c);
    }
    nuclei.max(1)
}

/// Grade level read off the Flesch table, for a score on the Flesch (or Fernández-Huerta) scale.
fn grade_from_ease(ease: f64) -> f64 {
    match ease {
        e if e >= 90.0 => 5.0,
        e if e >= 80.0 => 6.0,
        e if e >= 70.0 => 7.0,
        e if e >= 60.0 => 8.5,
        e if e >= 50.0 => 11.0,
        e if e >= 30.0 => 14.0,
        _ => 17.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_syllables_follow_the_documented_rules() {
        let corpus = [
            ("the", 1),
            ("pain", 1),
            ("cake", 1),
            ("table", 2),
            ("walked", 1),
            ("wanted", 2),
            ("takes", 1),
            ("boxes", 2),
            ("chronic", 2),
            ("medicine", 3),
            ("infusion", 3),
            ("doctor", 2),
            ("every", 3),
            ("reliever", 3),
            ("12", 1),
            ("follow-up", 3),
            ("you", 1),
            ("nerve", 1),
            ("therapy", 3),
            ("people", 2),
        ];
        for (word, expected) in corpus {
            assert_eq!(syllables(word, Language::English), expected, "{word}");
        }
    }

    #[test]
    fn spanish_syllables_follow_the_documented_rules() {
        let corpus = [
            ("dolor", 2),
            ("cuidado", 3),
            ("leer", 2),
            ("día", 2),
            ("hoy", 1),
            ("médico", 3),
            ("crónico", 3),
            ("y", 1),
            ("tratamiento", 4),
            ("puede", 2),
            ("ayuda", 3),
            ("país", 2),
            ("que", 1),
            ("pingüino", 3),
        ];
        for (word, expected) in corpus {
            assert_eq!(syllables(word, Language::Spanish), expected, "{word}");
        }
    }

    #[test]
    fn sentences_split_at_ends_but_not_at_abbreviations_or_decimals() {
        assert_eq!(
            sentences("Dr. Ortega sees you. It takes 2.5 hours! Ready?"),
            ["Dr. Ortega sees you.", "It takes 2.5 hours!", "Ready?"]
        );
        assert_eq!(
            sentences("A list item without a period"),
            ["A list item without a period"]
        );
    }

    /// Counted by hand with the rules above: "The nurse checks your blood pressure." has 6 words
    /// and 7 syllables (the 1, nurse 1, checks 1, your 1, blood 1, pressure 2); "Most people go
    /// home the same day." has 7 words and 8 syllables (people 2, the rest 1). Totals: 2
    /// sentences, 13 words, 15 syllables. FRE = 206.835 − 1.015 × 13/2 − 84.6 × 15/13 = 102.62;
    /// FK = 0.39 × 13/2 + 11.8 × 15/13 − 15.59 = 0.56.
    #[test]
    fn english_corpus_scores_as_computed_by_hand() {
        let score = score(
            &[
                "The nurse checks your blood pressure. Most people go home the same day."
                    .to_owned(),
            ],
            Language::English,
        )
        .unwrap();
        assert_eq!((score.sentences, score.words, score.syllables), (2, 13, 15));
        assert!((score.ease - 102.62).abs() < 0.01, "{}", score.ease);
        assert!((score.grade - 0.56).abs() < 0.01, "{}", score.grade);
    }

    /// Counted by hand with the rules above: "Ketamine infusions may relieve refractory
    /// neuropathic pain in carefully selected patients." has 1 sentence, 11 words and 28
    /// syllables (ketamine 3, infusions 3, may 1, relieve 2, refractory 4, neuropathic 4, pain 1,
    /// in 1, carefully 4, selected 3, patients 2). FK = 0.39 × 11 + 11.8 × 28/11 − 15.59 = 18.74,
    /// far above grade 8; FRE = 206.835 − 1.015 × 11 − 84.6 × 28/11 = −19.67.
    #[test]
    fn dense_clinical_prose_scores_as_graduate_level() {
        let text = "Ketamine infusions may relieve refractory neuropathic pain in carefully selected patients.".to_owned();
        let score = score(&[text], Language::English).unwrap();
        assert_eq!((score.sentences, score.words, score.syllables), (1, 11, 28));
        assert!((score.grade - 18.74).abs() < 0.01, "{}", score.grade);
        assert!((score.ease + 19.67).abs() < 0.01, "{}", score.ease);
    }

    /// Counted by hand: "El dolor crónico dura más de tres meses." has 1 sentence, 8 words and
    /// 13 syllables (el 1, do-lor 2, cró-ni-co 3, du-ra 2, más 1, de 1, tres 1, me-ses 2).
    /// FH = 206.84 − 60 × 13/8 − 1.02 × 8 = 101.18: grade 5 on the Flesch table.
    #[test]
    fn spanish_corpus_scores_as_computed_by_hand() {
        let score = score(
            &["El dolor crónico dura más de tres meses.".to_owned()],
            Language::Spanish,
        )
        .unwrap();
        assert_eq!((score.sentences, score.words, score.syllables), (1, 8, 13));
        assert!((score.ease - 101.18).abs() < 0.01, "{}", score.ease);
        assert!((score.grade - 5.0).abs() < f64::EPSILON);
    }
}

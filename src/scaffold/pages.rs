//! The pages `salve init` writes: an About page and the notices US health providers post on
//! their websites, each an outline for the clinic to complete. They are reminders of what each
//! notice covers, in salve's own words, not legal text: the clinic's own notices (from its
//! privacy officer, its lawyer or its health system) replace them.

/// The marker an outline page carries until the clinic completes it; `salve check` (rule
/// `notices`) reports every page that still holds it.
pub const OUTLINE_MARKER: &str = "salve:outline";

/// The opening of every outline page: the marker, and a visible note that says what to do.
const OUTLINE_NOTE: &str = "<!-- salve:outline: replace this outline with your clinic's own text, then delete this line. -->\n\n\
> [!IMPORTANT]\n\
> **Outline to complete.** This page lists what the notice usually covers. Replace it with your \
clinic's own notice (ask your privacy officer or lawyer), then delete this box and the line \
above it.\n";

/// Each page `salve init` writes: its file name under `pages/`, and its text.
pub const PAGES: [(&str, &str); 6] = [
    ("about.md", ABOUT),
    ("contact.md", CONTACT),
    ("privacy-practices.md", PRIVACY_PRACTICES),
    ("nondiscrimination.md", NONDISCRIMINATION),
    ("accessibility.md", ACCESSIBILITY),
    ("no-surprises.md", NO_SURPRISES),
];

const ABOUT: &str = "---\ntitle: \"About us\"\ndescription: \"Who we are, what we treat and how we care for patients.\"\nmenu: true\nweight: 10\n---\n\n{OUTLINE}\n\
## Who we are\n\nOne or two sentences: the clinic, since when, and for whom.\n\n\
## What we treat\n\n- The conditions patients most often see you for\n- The treatments you offer\n\n\
## Our team\n\nName the clinicians, or link to the team page.\n";

const CONTACT: &str = "---\ntitle: \"Contact us\"\ndescription: \"How to reach the clinic, book a visit or ask a question.\"\nmenu: true\nweight: 20\n---\n\n{OUTLINE}\n\
## Call or write\n\nThe phone number, the e-mail address and when someone answers.\n\n\
## In an emergency\n\nDo not use this site or e-mail. Call your local emergency number.\n\n\
## Booking\n\nHow to book: online, by phone, with or without a referral.\n";

const PRIVACY_PRACTICES: &str = "---\ntitle: \"Notice of privacy practices\"\ndescription: \"How we may use and share your health information, and your rights.\"\nmenu: footer\nweight: 10\n---\n\n{OUTLINE}\n\
US health providers covered by HIPAA must post this notice prominently on their website.\n\n\
## How we may use and share your health information\n\nFor treatment, payment and the clinic's operations; the other uses the law allows.\n\n\
## Your rights\n\nTo see and get a copy of your record, to ask for corrections, to ask for limits, to get a list of disclosures, to choose how we contact you, and to complain.\n\n\
## Our duties\n\nTo keep your information private, to tell you after a breach, and to follow this notice.\n\n\
## Questions and complaints\n\nWho your privacy contact is, and how to reach them.\n\n\
## Effective date\n\nThe date this notice took effect.\n";

const NONDISCRIMINATION: &str = "---\ntitle: \"Nondiscrimination and language help\"\ndescription: \"Our promise not to discriminate, and free help in your language.\"\nmenu: footer\nweight: 20\n---\n\n{OUTLINE}\n\
Section 1557 of the Affordable Care Act asks many US providers to post this notice.\n\n\
## Our promise\n\nThat the clinic does not discriminate, and on which grounds.\n\n\
## Free help\n\nFree aids for people with disabilities, and free interpreters and translated papers.\n\n\
## Language help\n\nA short line in each of the main languages your patients speak, saying that help is free.\n\n\
## How to complain\n\nYour civil rights contact, and how to file a complaint with the government.\n";

const ACCESSIBILITY: &str = "---\ntitle: \"Accessibility\"\ndescription: \"How we make this site usable for everyone, and how to tell us about a problem.\"\nmenu: footer\nweight: 30\n---\n\n{OUTLINE}\n\
## Our goal\n\nThe standard you aim for, such as WCAG 2.1 level AA.\n\n\
## What we do\n\nHow the site is built and checked, and how often.\n\n\
## Tell us about a problem\n\nWho to contact, and how soon you will answer.\n";

const NO_SURPRISES: &str = "---\ntitle: \"Your rights and protections against surprise medical bills\"\ndescription: \"What the No Surprises Act means for your bill.\"\nmenu: footer\nweight: 40\n---\n\n{OUTLINE}\n\
Delete this page if the No Surprises Act does not apply to your clinic.\n\n\
## What the law protects\n\nWhen you cannot be billed more than your plan's in-network amount.\n\n\
## Good faith estimates\n\nYour right to an estimate if you do not use insurance.\n\n\
## If you think you were billed wrongly\n\nWho to contact.\n";

/// The text of an outline page, with its note.
pub fn outline_text(template: &str) -> String {
    template.replace("{OUTLINE}\n", OUTLINE_NOTE)
}

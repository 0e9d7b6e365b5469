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

/// The opening of every Spanish outline page.
const OUTLINE_NOTE_ES: &str = "<!-- salve:outline: cambie este esquema por el texto de su clínica y luego borre esta línea. -->\n\n\
> [!IMPORTANT]\n\
> **Esquema para completar.** Esta página dice lo que suele cubrir el aviso. Cámbiela por el \
aviso de su clínica (pregunte a su responsable de privacidad o a su abogado) y luego borre este \
recuadro y la línea de arriba.\n";

/// The Spanish pages: the same files with `.es` before the extension, each with a slug in
/// Spanish.
pub const PAGES_ES: [(&str, &str); 6] = [
    ("about.es.md", ABOUT_ES),
    ("contact.es.md", CONTACT_ES),
    ("privacy-practices.es.md", PRIVACY_PRACTICES_ES),
    ("nondiscrimination.es.md", NONDISCRIMINATION_ES),
    ("accessibility.es.md", ACCESSIBILITY_ES),
    ("no-surprises.es.md", NO_SURPRISES_ES),
];

const ABOUT_ES: &str = "---\ntitle: \"Quiénes somos\"\nslug: quienes-somos\ndescription: \"Quiénes somos, qué tratamos y cómo cuidamos a los pacientes.\"\nmenu: true\nweight: 10\n---\n\n{OUTLINE}\n\
## Quiénes somos\n\nUna o dos oraciones: la clínica, desde cuándo y para quién.\n\n\
## Qué tratamos\n\n- Las condiciones por las que más le consultan\n- Los tratamientos que ofrecen\n\n\
## Nuestro equipo\n\nNombre a los profesionales, o enlace a la página del equipo.\n";

const CONTACT_ES: &str = "---\ntitle: \"Contacto\"\nslug: contacto\ndescription: \"Cómo comunicarse con la clínica, pedir una cita o hacer una pregunta.\"\nmenu: true\nweight: 20\n---\n\n{OUTLINE}\n\
## Llame o escriba\n\nEl teléfono, el correo electrónico y cuándo contestan.\n\n\
## En una emergencia\n\nNo use este sitio ni el correo. Llame al número de emergencias de su zona.\n\n\
## Citas\n\nCómo pedir una cita: en línea, por teléfono, con o sin referencia.\n";

const PRIVACY_PRACTICES_ES: &str = "---\ntitle: \"Aviso de prácticas de privacidad\"\nslug: aviso-de-privacidad\ndescription: \"Cómo podemos usar y compartir su información de salud, y sus derechos.\"\nmenu: footer\nweight: 10\n---\n\n{OUTLINE}\n\
Los proveedores de salud de EE. UU. cubiertos por HIPAA deben publicar este aviso en un lugar visible de su sitio web.\n\n\
## Cómo podemos usar y compartir su información de salud\n\nPara su tratamiento, para cobrar y para dirigir la clínica; los otros usos que permite la ley.\n\n\
## Sus derechos\n\nVer su expediente y recibir una copia, pedir correcciones, pedir límites, recibir una lista de con quién se compartió, elegir cómo le contactamos y presentar una queja.\n\n\
## Nuestros deberes\n\nMantener privada su información, avisarle si queda expuesta y cumplir este aviso.\n\n\
## Preguntas y quejas\n\nQuién es su contacto de privacidad y cómo comunicarse.\n\n\
## Fecha de vigencia\n\nLa fecha en que este aviso entró en vigor.\n";

const NONDISCRIMINATION_ES: &str = "---\ntitle: \"No discriminación y ayuda con el idioma\"\nslug: no-discriminacion\ndescription: \"Nuestra promesa de no discriminar, y ayuda gratuita en su idioma.\"\nmenu: footer\nweight: 20\n---\n\n{OUTLINE}\n\
La Sección 1557 de la Ley de Cuidado de Salud Asequible pide a muchos proveedores de EE. UU. publicar este aviso.\n\n\
## Nuestra promesa\n\nQue la clínica no discrimina, y por qué motivos.\n\n\
## Ayuda gratuita\n\nAyudas gratuitas para personas con discapacidades, e intérpretes y documentos traducidos sin costo.\n\n\
## Ayuda con el idioma\n\nUna línea corta en cada idioma principal de sus pacientes, que diga que la ayuda es gratuita.\n\n\
## Cómo presentar una queja\n\nSu contacto de derechos civiles, y cómo presentar una queja ante el gobierno.\n";

const ACCESSIBILITY_ES: &str = "---\ntitle: \"Accesibilidad\"\nslug: accesibilidad\ndescription: \"Cómo hacemos que este sitio sirva a todos, y cómo avisarnos de un problema.\"\nmenu: footer\nweight: 30\n---\n\n{OUTLINE}\n\
## Nuestra meta\n\nLa norma que buscan cumplir, como WCAG 2.1 nivel AA.\n\n\
## Lo que hacemos\n\nCómo se hace y se revisa el sitio, y cada cuánto.\n\n\
## Avísenos de un problema\n\nA quién escribir, y en cuánto tiempo responderán.\n";

const NO_SURPRISES_ES: &str = "---\ntitle: \"Sus derechos y protecciones contra facturas médicas sorpresa\"\nslug: sin-sorpresas\ndescription: \"Lo que la Ley Sin Sorpresas significa para su factura.\"\nmenu: footer\nweight: 40\n---\n\n{OUTLINE}\n\
Borre esta página si la Ley Sin Sorpresas no se aplica a su clínica.\n\n\
## Lo que protege la ley\n\nCuándo no le pueden cobrar más que el monto de la red de su plan.\n\n\
## Estimados de buena fe\n\nSu derecho a un estimado si no usa seguro.\n\n\
## Si cree que le cobraron mal\n\nA quién contactar.\n";

/// The text of an outline page, with its note.
pub fn outline_text(template: &str) -> String {
    template.replace("{OUTLINE}\n", OUTLINE_NOTE)
}

/// The text of a Spanish outline page, with its note in Spanish.
pub fn outline_text_es(template: &str) -> String {
    template.replace("{OUTLINE}\n", OUTLINE_NOTE_ES)
}

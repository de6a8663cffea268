//! The answers to the context and principles questions of the PIA tool (sections 1 and 2),
//! from the register of processing and what binome does. What binome cannot know (the
//! processors, the host) is said to be completed, never guessed.

use super::data::{Keep, PERSONAL_DATA};
use super::{Part, Question, data_lines};
use crate::domain::indicators::MIN_CELL;
use crate::domain::rgpd::{Register, paragraphs};

fn q(reference: u32, title: &'static str, paragraphs: Vec<String>, items: Vec<String>) -> Question {
    Question {
        reference,
        title,
        paragraphs,
        items,
    }
}

fn texts(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

pub fn parts(r: &Register, retention_months: u32) -> Vec<Part> {
    vec![
        Part {
            item: "1.1",
            title: "Vue d'ensemble",
            questions: overview(r),
        },
        Part {
            item: "1.2",
            title: "Données, processus et supports",
            questions: data(retention_months),
        },
        Part {
            item: "2.1",
            title: "Proportionnalité et nécessité",
            questions: necessity(r, retention_months),
        },
        Part {
            item: "2.2",
            title: "Mesures protectrices des droits",
            questions: rights(r),
        },
    ]
}

fn overview(r: &Register) -> Vec<Question> {
    let mut what = vec![
        "Le traitement étudié est la mise en relation de bénévoles et de personnes isolées pour des binômes \
         de convivialité, avec le logiciel libre binome."
            .to_string(),
    ];
    what.extend(paragraphs(&r.purpose));
    let mut who = paragraphs(&r.controller);
    who.extend(paragraphs(&r.dpo));
    who.push(
        "Dans l'équipe : l'administration règle binome et gère les comptes ; la coordination de chaque équipe \
         inscrit, valide et suit les personnes de son territoire ; les référent·es (travailleurs sociaux, \
         associations partenaires) inscrivent les personnes qu'ils ou elles accompagnent."
            .into(),
    );
    vec![
        q(
            111,
            "Quel est le traitement qui fait l'objet de l'étude ?",
            what,
            vec![],
        ),
        q(
            112,
            "Quelles sont les responsabilités liées au traitement ?",
            who,
            vec![],
        ),
        q(
            113,
            "Quels sont les référentiels applicables ?",
            texts(&[
                "Le règlement général sur la protection des données (RGPD) et la loi Informatique et libertés.",
                "La liste de la CNIL des traitements pour lesquels une analyse d'impact est obligatoire \
                 (délibération n° 2018-327) : elle comprend l'accompagnement social des personnes.",
            ]),
            vec![],
        ),
    ]
}

fn data(retention_months: u32) -> Vec<Question> {
    vec![
        q(
            121,
            "Quelles sont les données traitées ?",
            texts(&[
                "Aucune donnée de santé n'est demandée. Voici chaque table de la base qui contient des données \
                 personnelles, ce qu'elle contient et combien de temps :",
            ]),
            data_lines(retention_months),
        ),
        q(
            122,
            "Comment le cycle de vie des données se déroule-t-il ?",
            vec![],
            texts(&[
                "Inscription : un·e bénévole s'inscrit en ligne et confirme son adresse ; une personne isolée est \
                 inscrite par l'équipe ou par un·e référent·e, avec son accord.",
                "Accueil : entretien, signature de la charte (le consentement), formation des bénévoles.",
                "Propositions : binome calcule des binômes possibles ; l'équipe les approuve ; le ou la bénévole \
                 et la personne accompagnée acceptent ou refusent.",
                "Rencontre dans un lieu public, puis points de suivi réguliers (par e-mail, SMS, courrier ou \
                 téléphone) ; une réponse inquiétante crée une alerte pour l'équipe.",
                "Fin du binôme : chacun peut donner son avis.",
                "Effacement : sur demande à tout moment, ou automatiquement après la durée de conservation sans \
                 activité. Seuls des chiffres anonymes restent.",
            ]),
        ),
        q(
            123,
            "Quels sont les supports des données ?",
            vec![],
            texts(&[
                "La base de données (SQLite ou PostgreSQL) sur le serveur choisi par le responsable du \
                 traitement, et ses sauvegardes.",
                "Les e-mails (serveur d'envoi du responsable) et les SMS (opérateur choisi).",
                "Les courriers imprimés pour les personnes qui ont choisi la poste, et les feuilles d'appel.",
                "Les navigateurs de l'équipe ; binome n'installe rien sur les postes et n'utilise aucun service \
                 extérieur de mesure d'audience.",
            ]),
        ),
    ]
}

fn necessity(r: &Register, retention_months: u32) -> Vec<Question> {
    let mut purposes = paragraphs(&r.purpose);
    purposes.push("Les chiffres publiés sur l'action sont anonymes.".into());
    let mut basis = paragraphs(&r.legal_basis);
    basis.push(
        "Pour un CCAS, la mission d'intérêt public (article 6.1.e du RGPD) peut aussi fonder le traitement : \
         à décider avec le ou la délégué·e à la protection des données."
            .into(),
    );
    let mut retention = paragraphs(&r.retention);
    retention.push(format!(
        "Durée appliquée par binome : les données sont effacées après {retention_months} mois sans activité."
    ));
    vec![
        q(
            211,
            "Les finalités du traitement sont-elles déterminées, explicites et légitimes ?",
            purposes,
            vec![],
        ),
        q(
            212,
            "Quels sont les fondements qui rendent le traitement licite ?",
            basis,
            vec![],
        ),
        q(
            213,
            "Les données collectées sont-elles adéquates, pertinentes et limitées ?",
            vec![
                "Seul ce qui sert à former et suivre un binôme est demandé : aucune donnée de santé, le genre et \
                 l'année de naissance sont facultatifs, le moyen de contact est celui que la personne choisit."
                    .into(),
                format!(
                    "Les indicateurs sont anonymes : aucun chiffre portant sur moins de {MIN_CELL} personnes n'est \
                     publié."
                ),
            ],
            vec![],
        ),
        q(
            214,
            "Les données sont-elles exactes et tenues à jour ?",
            texts(&[
                "Chaque personne relit et corrige son profil dans son espace personnel ; l'équipe corrige la \
                 fiche, et chaque modification est notée au journal. Une adresse e-mail est confirmée avant \
                 d'être utilisée.",
            ]),
            vec![],
        ),
        q(
            215,
            "Quelle est la durée de conservation des données ?",
            retention,
            periods(retention_months),
        ),
    ]
}

/// Each retention period once, with the tables it applies to.
fn periods(retention_months: u32) -> Vec<String> {
    let mut kinds: Vec<Keep> = Vec::new();
    for t in PERSONAL_DATA {
        if !kinds.contains(&t.keep) {
            kinds.push(t.keep);
        }
    }
    kinds
        .into_iter()
        .map(|keep| {
            let tables: Vec<&str> = PERSONAL_DATA
                .iter()
                .filter(|t| t.keep == keep)
                .map(|t| t.table)
                .collect();
            format!("{} ({})", keep.describe(retention_months), tables.join(", "))
        })
        .collect()
}

fn rights(r: &Register) -> Vec<Question> {
    let mut access = paragraphs(&r.rights);
    access.push(
        "L'équipe ouvre « Voir ou exporter ses données » sur la fiche : une page à imprimer et un fichier \
         (JSON) avec tout ce que binome garde sur la personne. Chaque export est noté au journal."
            .into(),
    );
    vec![
        q(
            221,
            "Comment les personnes concernées sont-elles informées ?",
            texts(&[
                "La page publique « Données personnelles » reprend le registre des traitements ; elle est liée \
                 depuis chaque page.",
                "La charte, aussi en version facile à lire, explique ce qui est gardé avant la signature.",
            ]),
            vec![],
        ),
        q(
            222,
            "Comment le consentement des personnes est-il obtenu ?",
            texts(&[
                "En signant la charte : en ligne, sur papier, ou avec l'aide d'un tiers dont le nom est noté. La \
                 version de la charte, la date et la manière sont gardées. Le consentement se retire à tout \
                 moment, sans justification.",
            ]),
            vec![],
        ),
        q(
            223,
            "Comment les personnes exercent-elles leurs droits d'accès et à la portabilité ?",
            access,
            vec![],
        ),
        q(
            224,
            "Comment les personnes exercent-elles leurs droits de rectification et d'effacement ?",
            texts(&[
                "Rectification : dans l'espace personnel, ou par l'équipe.",
                "Effacement : l'équipe clique sur « Effacer » sur la fiche. Le nom, les coordonnées et les textes \
                 de la personne disparaissent, y compris son nom dans les textes des autres ; les chiffres \
                 anonymes restent. Un binôme en cours doit d'abord être arrêté.",
            ]),
            vec![],
        ),
        q(
            225,
            "Comment les personnes exercent-elles leurs droits de limitation et d'opposition ?",
            texts(&[
                "Une personne peut demander une pause ou arrêter de participer à tout moment ; elle ne reçoit \
                 alors plus de proposition. Répondre STOP à un SMS arrête les SMS.",
            ]),
            vec![],
        ),
        q(
            226,
            "Les obligations des sous-traitants sont-elles définies et contractualisées ?",
            texts(&[
                "À compléter par le responsable du traitement : l'hébergeur du serveur, le service d'envoi des \
                 e-mails et l'opérateur SMS, chacun avec un contrat conforme à l'article 28 du RGPD.",
            ]),
            vec![],
        ),
        q(
            227,
            "En cas de transfert de données hors de l'Union européenne, sont-elles protégées ?",
            texts(&[
                "binome n'envoie aucune donnée à un autre service que le serveur d'e-mails et l'opérateur SMS \
                 choisis. À vérifier par le responsable : que l'hébergeur et ces prestataires gardent les \
                 données dans l'Union européenne.",
            ]),
            vec![],
        ),
    ]
}

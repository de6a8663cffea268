//! The impact assessment as the file the CNIL's open-source PIA tool imports: the JSON of its
//! example `src/assets/files/2018-02-21-pia-example.json` (repository LINCnil/pia), every key
//! kept. Answers are keyed by the tool's question numbers; their text is HTML, rendered by a
//! template so that every word is escaped. The evaluations are left pending: evaluating is the
//! evaluator's part, not binome's.

use crate::domain::aipd::{Assessment, Gauge, Question, Risk};
use askama::Template;
use chrono::{DateTime, SecondsFormat};
use serde_json::{Value, json};

/// The only PIA in the file; the tool gives it a new number on import.
const PIA_ID: i64 = 1;

/// An answer's text, as the tool's rich-text fields hold it.
#[derive(Template)]
#[template(path = "rgpd/pia_answer.html")]
struct AnswerHtml<'a> {
    paragraphs: &'a [String],
    items: &'a [String],
}

fn html(paragraphs: &[String], items: &[String]) -> askama::Result<String> {
    AnswerHtml { paragraphs, items }.render()
}

/// The file, dated `now_ms`.
pub fn file(a: &Assessment, now_ms: i64) -> askama::Result<Value> {
    let at = DateTime::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut answers = Vec::new();
    let mut answer = |reference: u32, data: Value| {
        let id = answers.len() + 1;
        answers.push(json!({
            "pia_id": PIA_ID, "reference_to": reference, "data": data,
            "created_at": at, "id": id, "updated_at": at,
        }));
    };
    for q in a.parts.iter().flat_map(|p| &p.questions) {
        answer(q.reference, text(q)?);
    }
    for (base, risk) in (320..).step_by(10).zip(&a.risks) {
        answer(base + 1, list(&risk.impacts));
        answer(base + 2, list(&risk.threats));
        answer(base + 3, list(&risk.sources));
        answer(base + 4, list(&risk.measures));
        answer(base + 5, gauge(&risk.severity)?);
        answer(base + 6, gauge(&risk.likelihood)?);
    }
    let mut measures = Vec::new();
    for (m, id) in a.measures.iter().zip(1_i64..) {
        measures.push(json!({
            "title": m.title, "pia_id": PIA_ID, "content": html(&m.content, &[])?,
            "placeholder": "measures.default_placeholder",
            "created_at": at, "id": id, "updated_at": at,
        }));
    }
    let evaluated = evaluated_items(a, measures.len());
    let evaluations: Vec<Value> = evaluated
        .iter()
        .zip(1..)
        .map(|(reference, id): (_, i64)| {
            json!({
                "status": 0, "pia_id": PIA_ID, "reference_to": reference,
                "action_plan_comment": "", "evaluation_comment": "", "gauges": { "x": 0, "y": 0 },
                "estimated_implementation_date": null, "person_in_charge": null, "global_status": 0,
                "created_at": at, "id": id, "updated_at": at,
            })
        })
        .collect();
    Ok(json!({
        "pia": {
            "dbVersion": 201707071818_i64, "tableName": "pia", "serverUrl": null,
            "numberOfQuestions": 36, "created_at": at, "id": PIA_ID, "objectStore": {},
            // 0: being written; the DPO's and the people's opinions are still to be given.
            "status": 0, "name": a.name, "author_name": "", "evaluator_name": "", "validator_name": "",
            "dpo_status": 0, "dpo_opinion": "", "concerned_people_opinion": "", "concerned_people_status": 0,
            "rejection_reason": "", "applied_adjustments": "", "updated_at": at, "dpos_names": a.dpo,
            "people_names": "", "concerned_people_searched_opinion": false,
            "concerned_people_searched_content": "", "category": "",
        },
        "answers": answers,
        "measures": measures,
        "evaluations": evaluations,
        "comments": [{
            "description": "Pré-rempli par binome d'après son fonctionnement et le registre des traitements. \
                Relisez chaque réponse et complétez ce qui dépend de vous : l'hébergement, les sous-traitants, \
                l'organisation de l'équipe.",
            "pia_id": PIA_ID, "reference_to": 111, "for_measure": false, "created_at": at, "id": 1,
        }],
    }))
}

fn text(q: &Question) -> askama::Result<Value> {
    Ok(json!({ "text": html(&q.paragraphs, &q.items)?, "gauge": 0, "list": [] }))
}

fn list(values: &[&str]) -> Value {
    json!({ "text": null, "gauge": null, "list": values })
}

fn gauge(g: &Gauge) -> askama::Result<Value> {
    Ok(json!({ "text": html(std::slice::from_ref(&g.why), &[])?, "gauge": g.level, "list": [] }))
}

/// What the evaluator will evaluate, as the tool numbers it: the context items, each principle
/// question, each measure (`3.1.<measure id>`), each risk.
fn evaluated_items(a: &Assessment, measures: usize) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for part in &a.parts {
        if part.item.starts_with('1') {
            items.push(part.item.to_string());
        } else {
            items.extend(part.questions.iter().map(|q| format!("{}.{}", part.item, q.reference)));
        }
    }
    items.extend((1..=measures).map(|id| format!("3.1.{id}")));
    items.extend(a.risks.iter().map(|r: &Risk| r.item.to_string()));
    items
}

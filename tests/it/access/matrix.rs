//! The access matrix: every route of the site, called as every role, with the answer each
//! must get. Columns follow `fixture::ROLES`:
//!   anonymous, volunteer (in /espace), isolated person (in /espace), référent R1 (signed up
//!   Philomène), référent R2, coordinator of team A, coordinator of team B, admin.
//! Answers:
//!   ok     200 on the page asked for
//!   ok-    200, and nothing of team A's people is shown (a list filtered to the reader)
//!   done   the POST was accepted (neither refused nor sent to a sign-in page, no 5xx)
//!   login  sent to the staff sign-in page       space  sent to the personal space's sign-in
//!   403 / 404 / any other number: that status
//! POSTs carry the caller's anti-forgery token and an empty form, so that they change nothing
//! or little; rows that end a session or a membership come last.

pub const GET: &str = "GET";
pub const POST: &str = "POST";

#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str)] = &[
    // method path                                     anon  vol   iso   R1    R2    coA   coB   admin
    (GET,  "/",                                       "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/connexion",                              "ok    ok    ok    ok    ok    ok    ok    ok"),
    (POST, "/connexion",                              "done  done  done  done  done  done  done  done"),
    (GET,  "/installation/{token}",                   "404   404   404   404   404   404   404   404"),
    (POST, "/installation/{token}",                   "404   404   404   404   404   404   404   404"),
    (GET,  "/communes?q=Mau",                         "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/api/communes?q=Mau",                     "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/charte",                                 "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/charte/imprimer",                        "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/donnees-personnelles",                   "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/static/{css}",                           "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/devenir-benevole",                       "ok    ok    ok    ok    ok    ok    ok    ok"),
    (POST, "/devenir-benevole",                       "done  done  done  done  done  done  done  done"),
    (GET,  "/devenir-benevole/merci",                 "ok    ok    ok    ok    ok    ok    ok    ok"),
    (GET,  "/confirmer/{token}",                      "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (POST, "/confirmer/{token}",                      "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (GET,  "/proposition/{token}",                    "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (POST, "/proposition/{token}",                    "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (GET,  "/fin/{token}",                            "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (POST, "/fin/{token}",                            "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (GET,  "/accord/{token}",                         "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (POST, "/accord/{token}",                         "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (GET,  "/point/{token}",                          "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (POST, "/point/{token}",                          "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    // Staff pages.
    (GET,  "/tableau-de-bord",                        "login login login ok-   ok-   ok    ok-   ok"),
    (GET,  "/tableau-de-bord?equipe={team_a}",        "login login login ok    ok-   ok    403   ok"),
    (GET,  "/tableau-de-bord/appels",                 "login login login 403   403   ok    ok-   ok"),
    (GET,  "/tableau-de-bord/appels?equipe={team_a}", "login login login 403   403   ok    403   ok"),
    (GET,  "/indicateurs",                            "login login login 403   403   ok    ok-   ok"),
    (GET,  "/indicateurs?equipe={team_a}",            "login login login 403   403   ok    404   ok"),
    (GET,  "/indicateurs.csv",                        "login login login 403   403   ok    ok-   ok"),
    (GET,  "/indicateurs.csv?equipe={team_a}",        "login login login 403   403   ok    404   ok"),
    (GET,  "/personnes",                              "login login login ok    ok-   ok    ok-   ok"),
    (GET,  "/personnes/inscrire",                     "login login login ok    ok    ok    ok    ok"),
    (POST, "/personnes/inscrire",                     "login login login done  done  done  done  done"),
    (GET,  "/personnes/{pa}",                         "login login login ok    403   ok    403   ok"),
    (GET,  "/personnes/{va}",                         "login login login 403   403   ok    403   ok"),
    (POST, "/personnes/{va}/validation",              "login login login 403   403   done  403   done"),
    (POST, "/personnes/{pa}/notes",                   "login login login 403   403   done  403   done"),
    (GET,  "/personnes/{pa}/retrait",                 "login login login ok    403   ok    403   ok"),
    (GET,  "/personnes/{pa}/donnees",                 "login login login 403   403   ok    403   ok"),
    (GET,  "/personnes/{pa}/donnees.json",            "login login login 403   403   ok    403   ok"),
    (GET,  "/personnes/{pa}/effacer",                 "login login login 403   403   ok    403   ok"),
    (POST, "/personnes/{pa}/effacer",                 "login login login 403   403   done  403   done"),
    (GET,  "/personnes/{pa}/benevoles",               "login login login 403   403   ok    403   ok"),
    (GET,  "/propositions",                           "login login login 403   403   ok    ok-   ok"),
    (POST, "/propositions/{suggestion}/rejeter",      "login login login 403   403   done  403   done"),
    (POST, "/propositions/{suggestion}/echanger",     "login login login 403   403   done  403   done"),
    (POST, "/propositions/{suggestion}/approuver",    "login login login 403   403   done  403   done"),
    (POST, "/propositions/tour?equipe={team_a}",      "login login login 403   403   done  403   done"),
    (GET,  "/binomes/{pairing}",                      "login login login 403   403   ok    403   ok"),
    (POST, "/binomes/{pairing}/accord",               "login login login 403   403   done  403   done"),
    (POST, "/binomes/{pairing}/rencontre",            "login login login 403   403   done  403   done"),
    (POST, "/binomes/{pairing}/notes",                "login login login 403   403   done  403   done"),
    (GET,  "/binomes/{pairing}/point/{checkin}",      "login login login 403   403   ok    403   ok"),
    (POST, "/binomes/{pairing}/point/{checkin}",      "login login login 403   403   done  403   done"),
    (POST, "/binomes/{pairing}/etat",                 "login login login 403   403   done  403   done"),
    (POST, "/alertes/{alert}/fermer",                 "login login login 403   403   done  404   done"),
    // Administration.
    (GET,  "/admin/equipes",                          "login login login 403   403   403   403   ok"),
    (POST, "/admin/equipes",                          "login login login 403   403   403   403   done"),
    (GET,  "/admin/equipes/{team_a}",                 "login login login 403   403   403   403   ok"),
    (POST, "/admin/equipes/{team_a}/suivi",           "login login login 403   403   403   403   done"),
    (GET,  "/admin/comptes",                          "login login login 403   403   403   403   ok"),
    (POST, "/admin/comptes",                          "login login login 403   403   403   403   done"),
    (GET,  "/admin/charte",                           "login login login 403   403   403   403   ok"),
    (POST, "/admin/charte",                           "login login login 403   403   403   403   done"),
    (GET,  "/admin/charte/{charter}",                 "login login login 403   403   403   403   ok"),
    (POST, "/admin/charte/{charter}/publier",         "login login login 403   403   403   403   done"),
    (GET,  "/admin/registre",                         "login login login 403   403   403   403   ok"),
    (POST, "/admin/registre",                         "login login login 403   403   403   403   done"),
    (GET,  "/admin/journal",                          "login login login 403   403   403   403   ok"),
    (GET,  "/admin/interets",                         "login login login 403   403   403   403   ok"),
    (POST, "/admin/interets",                         "login login login 403   403   403   403   done"),
    (POST, "/admin/interets/{interest}",              "login login login 403   403   403   403   done"),
    (GET,  "/admin/ponderations",                     "login login login 403   403   403   403   ok"),
    (POST, "/admin/ponderations",                     "login login login 403   403   403   403   done"),
    // The personal space.
    (GET,  "/espace",                                 "space ok    ok    space space space space space"),
    (GET,  "/espace/connexion",                       "ok    ok    ok    ok    ok    ok    ok    ok"),
    (POST, "/espace/connexion",                       "done  done  done  done  done  done  done  done"),
    (GET,  "/espace/lien/{token}",                    "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (POST, "/espace/lien/{token}",                    "ok-   ok-   ok-   ok-   ok-   ok-   ok-   ok-"),
    (GET,  "/espace/profil",                          "space ok    ok    space space space space space"),
    (POST, "/espace/profil",                          "space done  done  space space space space space"),
    (GET,  "/espace/charte",                          "space ok    ok    space space space space space"),
    (POST, "/espace/charte",                          "space done  done  space space space space space"),
    (POST, "/espace/pause",                           "space done  done  space space space space space"),
    (POST, "/espace/reprendre",                       "space done  done  space space space space space"),
    (GET,  "/espace/arreter",                         "space ok    ok    space space space space space"),
    // Last: rows that end a membership or a session.
    (POST, "/espace/arreter",                         "space done  done  space space space space space"),
    (POST, "/personnes/{pa}/retrait",                 "login login login done  403   done  403   done"),
    (POST, "/espace/deconnexion",                     "done  done  done  done  done  done  done  done"),
    (POST, "/deconnexion",                            "login login login login login login login login"),
];

//! Staff accounts: roles, e-mail addresses and password rules.

use std::fmt;
use std::str::FromStr;

/// What a staff member may do. Volunteers and isolated people have no staff account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Coordinator,
    Referent,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Coordinator, Role::Referent];

    /// The stored and command-line name.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Referent => "referent",
        }
    }

    /// The French name users read.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrateur·rice",
            Role::Coordinator => "Coordinateur·rice",
            Role::Referent => "Référent·e",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| format!("rôle inconnu « {s} » (admin, coordinator ou referent)"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A syntactically plausible e-mail address, stored in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("Indiquez une adresse e-mail.");
        }
        if email.chars().count() > super::text::EMAIL_MAX {
            return Err("Cette adresse e-mail est trop longue (254 caractères au plus).");
        }
        // The mailer's own parser: an address it would refuse later never gets in.
        if email.parse::<lettre::Address>().is_err() || email.contains("..") {
            return Err("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).");
        }
        let (local, domain) = email
            .split_once('@')
            .ok_or("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).")?;
        let domain_ok =
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@');
        if local.is_empty() || !domain_ok || email.len() > 254 || email.chars().any(char::is_whitespace) {
            return Err("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).");
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read-only: an address is read wherever text is, and changes only through `parse`.
impl std::ops::Deref for Email {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

pub const MIN_PASSWORD_LEN: usize = 12;

/// A signed-in session ends after this many hours without a request.
pub const SESSION_IDLE_HOURS: i64 = 8;

/// Checks a new password; the message is shown next to the field.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err("Le mot de passe doit contenir au moins 12 caractères.");
    }
    if password.len() > 1024 {
        return Err("Le mot de passe est trop long (1 024 caractères au plus).");
    }
    if password != confirmation {
        return Err("Les deux mots de passe ne sont pas identiques.");
    }
    Ok(())
}

/// Checks a display name.
pub fn check_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Indiquez un nom.");
    }
    if name.chars().count() > 120 {
        return Err("Le nom est trop long (120 caractères au plus).");
    }
    super::text::one_line(name, 120)
        .map_err(|_| "Ce nom contient des caractères invisibles ou de contrôle : retapez-le sans copier-coller.")
}

/// What an administrator (or the command line) changes on an existing staff account.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountChange {
    Disable,
    Enable,
    Role { role: Role, organisation: Option<String> },
    Teams(Vec<i32>),
}

/// The account a change applies to, and how many administrators can still sign in.
#[derive(Debug, Clone, Copy)]
pub struct AccountFacts {
    pub role: Role,
    pub active: bool,
    pub team_count: usize,
    pub active_admins: u64,
}

/// Why a change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    LastAdmin,
    CoordinatorWithoutTeam,
    ReferentWithoutOrganisation,
}

impl Refused {
    pub fn message(self) -> &'static str {
        match self {
            Refused::LastAdmin => {
                "C'est le dernier compte administrateur actif : sans lui, plus personne ne pourrait gérer les \
                 comptes. Donnez d'abord le rôle administrateur à un autre compte."
            }
            Refused::CoordinatorWithoutTeam => "Un·e coordinateur·rice appartient à au moins une équipe.",
            Refused::ReferentWithoutOrganisation => {
                "Indiquez la structure du ou de la référent·e (par exemple : CCAS de Ydes)."
            }
        }
    }
}

impl AccountChange {
    /// Checks the change against the account as it is: the last active administrator stays
    /// one, a coordinator keeps a team, a référent has a structure.
    pub fn check(&self, account: AccountFacts) -> Result<(), Refused> {
        let last_admin = account.role == Role::Admin && account.active && account.active_admins <= 1;
        match self {
            AccountChange::Disable if last_admin => Err(Refused::LastAdmin),
            AccountChange::Role { role, .. } if last_admin && *role != Role::Admin => Err(Refused::LastAdmin),
            AccountChange::Role {
                role: Role::Coordinator,
                ..
            } if account.team_count == 0 => Err(Refused::CoordinatorWithoutTeam),
            AccountChange::Role {
                role: Role::Referent,
                organisation: None,
            } => Err(Refused::ReferentWithoutOrganisation),
            AccountChange::Teams(ids) if ids.is_empty() && account.role == Role::Coordinator => {
                Err(Refused::CoordinatorWithoutTeam)
            }
            _ => Ok(()),
        }
    }

    /// Whether the account's open sessions end with this change.
    pub fn revokes_sessions(&self) -> bool {
        matches!(self, AccountChange::Disable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse(" Marie@Exemple.FR ").unwrap().as_str(), "marie@exemple.fr");
        assert!(Email::parse("marie").is_err());
        assert!(Email::parse("marie@exemple").is_err());
        assert!(Email::parse("@exemple.fr").is_err());
        assert!(Email::parse("ma rie@exemple.fr").is_err());
    }

    #[test]
    fn addresses_the_mailer_would_refuse_never_get_in() {
        for refused in [
            "a<b@exemple.fr",
            "a@exemple..fr",
            "a\0b@exemple.fr",
            "a\"b@exemple.fr",
            "a@b@exemple.fr",
        ] {
            assert!(Email::parse(refused).is_err(), "{refused}");
        }
        let long = format!("{}@exemple.fr", "a".repeat(900_000));
        assert_eq!(
            Email::parse(&long),
            Err("Cette adresse e-mail est trop longue (254 caractères au plus).")
        );
    }

    #[test]
    fn passwords_need_length_and_confirmation() {
        assert!(check_new_password("court", "court").is_err());
        assert!(check_new_password("assez-long-mot", "autre-long-mot").is_err());
        assert!(check_new_password("assez-long-mot", "assez-long-mot").is_ok());
    }

    #[test]
    fn roles_round_trip_through_their_code() {
        for role in Role::ALL {
            assert_eq!(role.code().parse::<Role>().unwrap(), role);
        }
        assert!("chef".parse::<Role>().is_err());
    }
    fn facts(role: Role, active_admins: u64) -> AccountFacts {
        AccountFacts {
            role,
            active: true,
            team_count: 0,
            active_admins,
        }
    }

    #[test]
    fn the_last_active_admin_can_be_neither_disabled_nor_demoted() {
        let referent = AccountChange::Role {
            role: Role::Referent,
            organisation: Some("CCAS".into()),
        };
        assert_eq!(
            AccountChange::Disable.check(facts(Role::Admin, 1)),
            Err(Refused::LastAdmin)
        );
        assert_eq!(referent.check(facts(Role::Admin, 1)), Err(Refused::LastAdmin));
        assert_eq!(AccountChange::Disable.check(facts(Role::Admin, 2)), Ok(()));
        assert_eq!(referent.check(facts(Role::Admin, 2)), Ok(()));
        let admin = AccountChange::Role {
            role: Role::Admin,
            organisation: None,
        };
        assert_eq!(admin.check(facts(Role::Admin, 1)), Ok(()));
        let disabled = AccountFacts {
            active: false,
            ..facts(Role::Admin, 1)
        };
        assert_eq!(
            AccountChange::Disable.check(disabled),
            Ok(()),
            "already out of the count"
        );
    }

    #[test]
    fn a_coordinator_keeps_a_team_and_a_referent_has_a_structure() {
        let coordinator = AccountChange::Role {
            role: Role::Coordinator,
            organisation: None,
        };
        assert_eq!(
            coordinator.check(facts(Role::Referent, 1)),
            Err(Refused::CoordinatorWithoutTeam)
        );
        let with_team = AccountFacts {
            team_count: 1,
            ..facts(Role::Referent, 1)
        };
        assert_eq!(coordinator.check(with_team), Ok(()));
        assert_eq!(
            AccountChange::Teams(vec![]).check(facts(Role::Coordinator, 1)),
            Err(Refused::CoordinatorWithoutTeam)
        );
        assert_eq!(AccountChange::Teams(vec![]).check(facts(Role::Referent, 1)), Ok(()));
        let referent = AccountChange::Role {
            role: Role::Referent,
            organisation: None,
        };
        assert_eq!(
            referent.check(facts(Role::Coordinator, 1)),
            Err(Refused::ReferentWithoutOrganisation)
        );
    }
}

//! People (volunteers and isolated people), interests, charter versions, consents,
//! single-use links, and the e-mail outbox.

use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Interest {
    Table,
    Id,
    Code,
    Label,
    Active,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum CharterVersion {
    Table,
    Id,
    Version,
    Title,
    FullText,
    FalcText,
    ContentSha256,
    Material,
    PublishedAt,
    PreviousValidUntil,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Person {
    Table,
    Id,
    Kind,
    Status,
    FirstName,
    LastName,
    Email,
    Phone,
    PostalAddress,
    Commune,
    TeamId,
    ReferentId,
    ContactChannel,
    Slots,
    Languages,
    Formats,
    RadiusKm,
    TravelMeans,
    Capacity,
    Gender,
    BirthYear,
    WantsGender,
    WantsAgeMin,
    WantsAgeMax,
    Isolation,
    WaitingSince,
    EmailConfirmedAt,
    CheckInterview,
    CheckCharter,
    CheckTraining,
    DecidedAt,
    DecidedBy,
    SubmissionKey,
    CreatedAt,
    UpdatedAt,
    LeftAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PersonInterest {
    Table,
    PersonId,
    InterestId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Consent {
    Table,
    Id,
    PersonId,
    CharterVersionId,
    ContentSha256,
    Method,
    AttestedBy,
    AttesterName,
    AttestedOn,
    SignedAt,
    WithdrawnAt,
    WithdrawnBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum PersonToken {
    Table,
    Id,
    PersonId,
    Purpose,
    TokenSha256,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    PersonId,
    ToAddress,
    Subject,
    BodyText,
    BodyHtml,
    MessageId,
    IdempotencyKey,
    Status,
    RunAt,
    Attempts,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WebSession {
    Table,
    PersonId,
}

const INTERESTS: &[(&str, &str)] = &[
    ("marche", "Promenade, marche"),
    ("lecture", "Lecture, médiathèque"),
    ("jeux", "Jeux de société, cartes"),
    ("cuisine", "Cuisine"),
    ("jardinage", "Jardinage"),
    ("musique", "Musique, chant"),
    ("cinema", "Cinéma, télévision"),
    ("histoire", "Histoire locale, patrimoine"),
    ("couture", "Tricot, couture"),
    ("numerique", "Numérique, téléphone, ordinateur"),
    ("photo", "Photographie"),
    ("dessin", "Dessin, peinture"),
    ("nature", "Nature, animaux"),
    ("actualite", "Actualité, discussion"),
    ("sport", "Sport doux, gymnastique"),
    ("cafe", "Café, sorties en ville"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Interest::Table)
                .col(pk_auto(Interest::Id))
                .col(string_uniq(Interest::Code))
                .col(string(Interest::Label))
                .col(boolean(Interest::Active).default(true))
                .col(integer(Interest::Position))
                .to_owned(),
        )
        .await?;
        for (position, (code, label)) in INTERESTS.iter().enumerate() {
            let insert = Query::insert()
                .into_table(Interest::Table)
                .columns([Interest::Code, Interest::Label, Interest::Active, Interest::Position])
                .values_panic([(*code).into(), (*label).into(), true.into(), (position as i32).into()])
                .to_owned();
            m.exec_stmt(insert).await?;
        }

        m.create_table(
            Table::create()
                .table(CharterVersion::Table)
                .col(pk_auto(CharterVersion::Id))
                .col(integer_uniq(CharterVersion::Version))
                .col(string(CharterVersion::Title))
                .col(text(CharterVersion::FullText))
                .col(text(CharterVersion::FalcText))
                .col(string_null(CharterVersion::ContentSha256))
                .col(boolean(CharterVersion::Material))
                .col(big_integer_null(CharterVersion::PublishedAt))
                .col(big_integer_null(CharterVersion::PreviousValidUntil))
                .col(big_integer(CharterVersion::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Person::Table)
                .col(pk_auto(Person::Id))
                .col(string(Person::Kind))
                .col(string(Person::Status))
                .col(string(Person::FirstName))
                .col(string(Person::LastName))
                .col(string_null(Person::Email).unique_key())
                .col(string_null(Person::Phone))
                .col(text_null(Person::PostalAddress))
                .col(string(Person::Commune))
                .col(integer_null(Person::TeamId))
                .col(integer_null(Person::ReferentId))
                .col(string(Person::ContactChannel))
                .col(integer(Person::Slots))
                .col(string(Person::Languages))
                .col(string(Person::Formats))
                .col(integer_null(Person::RadiusKm))
                .col(string_null(Person::TravelMeans))
                .col(integer_null(Person::Capacity))
                .col(string_null(Person::Gender))
                .col(integer_null(Person::BirthYear))
                .col(string_null(Person::WantsGender))
                .col(integer_null(Person::WantsAgeMin))
                .col(integer_null(Person::WantsAgeMax))
                .col(integer_null(Person::Isolation))
                .col(big_integer_null(Person::WaitingSince))
                .col(big_integer_null(Person::EmailConfirmedAt))
                .col(boolean(Person::CheckInterview).default(false))
                .col(boolean(Person::CheckCharter).default(false))
                .col(boolean(Person::CheckTraining).default(false))
                .col(big_integer_null(Person::DecidedAt))
                .col(integer_null(Person::DecidedBy))
                .col(string_null(Person::SubmissionKey).unique_key())
                .col(big_integer(Person::CreatedAt))
                .col(big_integer(Person::UpdatedAt))
                .col(big_integer_null(Person::LeftAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_person_team",
            Person::Table,
            &[Person::TeamId, Person::Kind, Person::Status],
        )
        .await?;
        index(m, "idx_person_referent", Person::Table, &[Person::ReferentId]).await?;

        m.create_table(
            Table::create()
                .table(PersonInterest::Table)
                .col(integer(PersonInterest::PersonId))
                .col(integer(PersonInterest::InterestId))
                .primary_key(
                    Index::create()
                        .col(PersonInterest::PersonId)
                        .col(PersonInterest::InterestId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonInterest::Table, PersonInterest::PersonId)
                        .to(Person::Table, Person::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonInterest::Table, PersonInterest::InterestId)
                        .to(Interest::Table, Interest::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Consent::Table)
                .col(pk_auto(Consent::Id))
                .col(integer(Consent::PersonId))
                .col(integer(Consent::CharterVersionId))
                .col(string(Consent::ContentSha256))
                .col(string(Consent::Method))
                .col(integer_null(Consent::AttestedBy))
                .col(string_null(Consent::AttesterName))
                .col(string_null(Consent::AttestedOn))
                .col(big_integer(Consent::SignedAt))
                .col(big_integer_null(Consent::WithdrawnAt))
                .col(string_null(Consent::WithdrawnBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(Consent::Table, Consent::PersonId)
                        .to(Person::Table, Person::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Consent::Table, Consent::CharterVersionId)
                        .to(CharterVersion::Table, CharterVersion::Id),
                )
                .to_owned(),
        )
        .await?;
        index(m, "idx_consent_person", Consent::Table, &[Consent::PersonId]).await?;

        m.create_table(
            Table::create()
                .table(PersonToken::Table)
                .col(pk_auto(PersonToken::Id))
                .col(integer(PersonToken::PersonId))
                .col(string(PersonToken::Purpose))
                .col(string_uniq(PersonToken::TokenSha256))
                .col(big_integer(PersonToken::ExpiresAt))
                .col(big_integer_null(PersonToken::UsedAt))
                .col(big_integer(PersonToken::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonToken::Table, PersonToken::PersonId)
                        .to(Person::Table, Person::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(big_pk_auto(Outbox::Id))
                .col(integer_null(Outbox::PersonId))
                .col(string(Outbox::ToAddress))
                .col(string(Outbox::Subject))
                .col(text(Outbox::BodyText))
                .col(text_null(Outbox::BodyHtml))
                .col(string(Outbox::MessageId))
                .col(string_uniq(Outbox::IdempotencyKey))
                .col(string(Outbox::Status))
                .col(big_integer(Outbox::RunAt))
                .col(integer(Outbox::Attempts).default(0))
                .col(big_integer_null(Outbox::LeaseUntil))
                .col(text_null(Outbox::LastError))
                .col(big_integer(Outbox::CreatedAt))
                .col(big_integer_null(Outbox::SentAt))
                .to_owned(),
        )
        .await?;
        index(m, "idx_outbox_due", Outbox::Table, &[Outbox::Status, Outbox::RunAt]).await?;
        index(m, "idx_outbox_person", Outbox::Table, &[Outbox::PersonId]).await?;

        m.alter_table(
            Table::alter()
                .table(WebSession::Table)
                .add_column(integer_null(WebSession::PersonId))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WebSession::Table)
                .drop_column(WebSession::PersonId)
                .to_owned(),
        )
        .await?;
        for table in [
            Outbox::Table.into_iden(),
            PersonToken::Table.into_iden(),
            Consent::Table.into_iden(),
            PersonInterest::Table.into_iden(),
            Person::Table.into_iden(),
            CharterVersion::Table.into_iden(),
            Interest::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

//! Communes, teams and their territory, staff accounts, sessions, login attempts, settings.

use crate::util::{index, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Commune {
    Table,
    InseeCode,
    Name,
    SearchKey,
    PostalCodes,
    Departement,
    Population,
    Lat,
    Lon,
}

#[derive(DeriveIden, Clone, Copy)]
enum Team {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TeamArea {
    Table,
    Id,
    TeamId,
    Kind,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum Staff {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    Organisation,
    CreatedAt,
    PasswordChangedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StaffTeam {
    Table,
    StaffId,
    TeamId,
}

#[derive(DeriveIden, Clone, Copy)]
enum WebSession {
    Table,
    Id,
    Data,
    ExpiresAt,
    StaffId,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoginAttempt {
    Table,
    Id,
    Account,
    Ip,
    At,
    Succeeded,
}

#[derive(DeriveIden, Clone, Copy)]
enum Setting {
    Table,
    Key,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Commune::Table)
                .col(string(Commune::InseeCode).primary_key())
                .col(string(Commune::Name))
                .col(string(Commune::SearchKey))
                .col(string(Commune::PostalCodes))
                .col(string(Commune::Departement))
                .col(big_integer(Commune::Population))
                .col(double_null(Commune::Lat))
                .col(double_null(Commune::Lon))
                .to_owned(),
        )
        .await?;
        index(m, "idx_commune_search_key", Commune::Table, &[Commune::SearchKey]).await?;
        index(m, "idx_commune_departement", Commune::Table, &[Commune::Departement]).await?;

        m.create_table(
            Table::create()
                .table(Team::Table)
                .col(pk_auto(Team::Id))
                .col(string_uniq(Team::Name))
                .col(big_integer(Team::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TeamArea::Table)
                .col(pk_auto(TeamArea::Id))
                .col(integer(TeamArea::TeamId))
                .col(string(TeamArea::Kind))
                .col(string(TeamArea::Code))
                .foreign_key(
                    ForeignKey::create()
                        .from(TeamArea::Table, TeamArea::TeamId)
                        .to(Team::Table, Team::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "uq_team_area",
            TeamArea::Table,
            &[TeamArea::TeamId, TeamArea::Kind, TeamArea::Code],
        )
        .await?;
        index(
            m,
            "idx_team_area_code",
            TeamArea::Table,
            &[TeamArea::Kind, TeamArea::Code],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Staff::Table)
                .col(pk_auto(Staff::Id))
                .col(string_uniq(Staff::Email))
                .col(string(Staff::Name))
                .col(string(Staff::PasswordHash))
                .col(string(Staff::Role))
                .col(string_null(Staff::Organisation))
                .col(big_integer(Staff::CreatedAt))
                .col(big_integer(Staff::PasswordChangedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StaffTeam::Table)
                .col(integer(StaffTeam::StaffId))
                .col(integer(StaffTeam::TeamId))
                .primary_key(Index::create().col(StaffTeam::StaffId).col(StaffTeam::TeamId))
                .foreign_key(
                    ForeignKey::create()
                        .from(StaffTeam::Table, StaffTeam::StaffId)
                        .to(Staff::Table, Staff::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(StaffTeam::Table, StaffTeam::TeamId)
                        .to(Team::Table, Team::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(WebSession::Table)
                .col(string(WebSession::Id).primary_key())
                .col(text(WebSession::Data))
                .col(big_integer(WebSession::ExpiresAt))
                .col(integer_null(WebSession::StaffId))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_web_session_expires",
            WebSession::Table,
            &[WebSession::ExpiresAt],
        )
        .await?;
        index(m, "idx_web_session_staff", WebSession::Table, &[WebSession::StaffId]).await?;

        m.create_table(
            Table::create()
                .table(LoginAttempt::Table)
                .col(big_pk_auto(LoginAttempt::Id))
                .col(string(LoginAttempt::Account))
                .col(string(LoginAttempt::Ip))
                .col(big_integer(LoginAttempt::At))
                .col(boolean(LoginAttempt::Succeeded))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_login_attempt_account",
            LoginAttempt::Table,
            &[LoginAttempt::Account, LoginAttempt::At],
        )
        .await?;
        index(
            m,
            "idx_login_attempt_ip",
            LoginAttempt::Table,
            &[LoginAttempt::Ip, LoginAttempt::At],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Setting::Table)
                .col(string(Setting::Key).primary_key())
                .col(text(Setting::Value))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Setting::Table.into_iden(),
            LoginAttempt::Table.into_iden(),
            WebSession::Table.into_iden(),
            StaffTeam::Table.into_iden(),
            Staff::Table.into_iden(),
            TeamArea::Table.into_iden(),
            Team::Table.into_iden(),
            Commune::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

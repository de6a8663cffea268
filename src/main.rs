use binome::cli::{Cli, Command, UserCommand};
use std::process::ExitCode;

fn main() -> ExitCode {
    // The command line (and its configuration file) is read before the runtime starts its
    // threads: the file's settings are put into the environment.
    let cli = match Cli::parse_in_french() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(e) => {
            eprintln!("Erreur : impossible de démarrer : {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> ExitCode {
    binome::logs::init(cli.settings.log_format);
    let config = cli.settings.into_config();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => binome::run::serve(config).await,
        Command::Migrate => binome::run::migrate(config).await,
        Command::Demo { file } => binome::run::demo(config, file).await,
        Command::User(UserCommand::Add(args)) => binome::run::user_add(config, args).await,
        Command::User(change) => binome::run::user_change(config, change).await,
        Command::Sauvegarde { vers, garder } => binome::backup::save(&config, &vers, garder).await,
        Command::Restaurer { depuis } => binome::backup::restore(&config, &depuis).await,
        Command::Match(args) => return binome::offline::match_file(&args),
        Command::BenchMatch(args) => return binome::offline::bench(&args),
        Command::BenchDashboard {
            people,
            pairings,
            password,
        } => binome::run::bench_dashboard(config, people, pairings, password).await,
        Command::BenchDesk {
            writes,
            connections,
            duration,
            people,
            pairings,
            server,
            path,
            reuse,
        } => {
            let settings = binome::bench::desk_load::Settings {
                people,
                pairings,
                connections: connections as usize,
                writes: writes.max(0.0),
                duration: std::time::Duration::from_secs(duration),
                server,
                path,
                reuse,
            };
            binome::bench::desk_load::run(config, settings).await
        }
        Command::BenchSignups {
            rate,
            duration,
            instances,
        } => {
            let settings = binome::bench::signups::Settings {
                rate: rate.max(0.1),
                duration: std::time::Duration::from_secs(duration),
                instances: instances as usize,
            };
            binome::bench::signups::run(config, settings).await
        }
        Command::BenchJobs { jobs, instances } => binome::bench::jobs::run(&config, jobs, instances).await,
        Command::BenchJobsWorker { instance } => binome::bench::jobs::worker(&config, instance).await,
        Command::TestSmsc { port } => binome::bench::smsc::run(port).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Erreur : {e:#}");
            ExitCode::FAILURE
        }
    }
}

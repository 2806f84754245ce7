//! `devbroker`: serves the built chat app and a Spring-compatible STOMP endpoint at `/ws`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use devbroker::{BrokerLimits, Config, HeartBeat, ReceiptMode};

/// A development STOMP-over-WebSocket broker that behaves like a Spring Boot 3 chat backend
/// (simple broker on /topic and /queue, application handlers on /app, user queues on
/// /user/queue) and serves the built web app on the same origin.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Endpoints: GET / serves --static-dir; /ws is the STOMP WebSocket (v10/v11/v12.stomp).\n\
                  Destinations: SEND /app/chat/{room}[/join|/leave|/typing], /app/private;\n\
                  SUBSCRIBE /topic/chat/{room}, /app/chat/{room}/history (answered once),\n\
                  /user/queue/private, /user/queue/errors; plain /topic/... and /queue/... work too.\n\
                  Logs: RUST_LOG=devbroker=debug for every session's story."
)]
struct Cli {
    /// Address to listen on. Use port 0 for any free port.
    #[arg(long, env = "DEVBROKER_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Port to listen on, overriding the port of --addr.
    #[arg(long, env = "DEVBROKER_PORT")]
    port: Option<u16>,

    /// Directory of the built app (Trunk's output); unknown paths are answered with its
    /// index.html.
    #[arg(long, env = "DEVBROKER_STATIC_DIR", default_value = "dist")]
    static_dir: PathBuf,

    /// Server heart-beat "send,receive" in milliseconds, as in the STOMP header; 0 disables
    /// a direction. A client silent for 3 receive intervals is disconnected.
    #[arg(long, env = "DEVBROKER_HEART_BEAT", default_value = "10000,10000")]
    heart_beat: HeartBeat,

    /// Which receipt requests get a RECEIPT: only DISCONNECT's (as Spring) or all of them.
    #[arg(long, env = "DEVBROKER_RECEIPTS", value_enum, default_value_t = Receipts::Disconnect)]
    receipts: Receipts,

    /// Largest inbound STOMP frame in bytes (Spring's default is 64 KiB).
    #[arg(long, default_value_t = BrokerLimits::default().max_frame)]
    max_frame: usize,

    /// Chat messages kept per room for the history answer.
    #[arg(long, default_value_t = BrokerLimits::default().history_per_room)]
    history: usize,

    /// Rooms kept at once; the least recently active empty room is forgotten first.
    #[arg(long, default_value_t = BrokerLimits::default().max_rooms)]
    max_rooms: usize,

    /// Concurrent WebSocket connections.
    #[arg(long, default_value_t = BrokerLimits::default().max_sessions)]
    max_sessions: usize,

    /// Frames queued for one client before it counts as too slow and is disconnected. The
    /// default models Spring's bounded send buffer; raise it to let a burst through whole
    /// (the receive benchmarks do).
    #[arg(long, env = "DEVBROKER_OUTBOUND_QUEUE", default_value_t = BrokerLimits::default().outbound_queue)]
    outbound_queue: usize,

    /// Bytes queued for one client before it counts as too slow (one item is always
    /// accepted when nothing is queued).
    #[arg(long, env = "DEVBROKER_OUTBOUND_BYTES", default_value_t = BrokerLimits::default().outbound_bytes)]
    outbound_bytes: usize,

    /// Milliseconds before a session gone without leaving (a reload, a lost connection) is
    /// announced as gone; back by then under the same nickname, no one sees it leave or join.
    /// 0 announces at once.
    #[arg(long, env = "DEVBROKER_LEAVE_GRACE_MS", default_value_t = BrokerLimits::default().leave_grace_ms)]
    leave_grace_ms: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Receipts {
    /// Only DISCONNECT, like Spring's simple broker.
    Disconnect,
    /// Every frame with a receipt header (gives clients delivery ticks).
    All,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devbroker: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "devbroker=info".into()),
        )
        .init();
    let cli = Cli::parse();
    let mut addr = cli.addr;
    if let Some(port) = cli.port {
        addr.set_port(port);
    }
    if !cli.static_dir.join("index.html").is_file() {
        tracing::warn!(dir = %cli.static_dir.display(), "no index.html there: build the app first (scripts/run.sh)");
    }
    let config = Config {
        addr,
        static_dir: cli.static_dir,
        heart_beat: cli.heart_beat,
        receipts: match cli.receipts {
            Receipts::Disconnect => ReceiptMode::Disconnect,
            Receipts::All => ReceiptMode::All,
        },
        limits: BrokerLimits {
            max_frame: cli.max_frame,
            history_per_room: cli.history,
            max_rooms: cli.max_rooms,
            max_sessions: cli.max_sessions,
            outbound_queue: cli.outbound_queue,
            outbound_bytes: cli.outbound_bytes,
            leave_grace_ms: cli.leave_grace_ms,
            ..BrokerLimits::default()
        },
    };
    let server = devbroker::serve(config).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            std::io::Error::new(
                e.kind(),
                format!(
                    "{addr} is already in use: pick another with --port N (or DEVBROKER_PORT=N)"
                ),
            )
        } else {
            e
        }
    })?;
    println!("Chat is up: open {}", server.http_url());
    println!("STOMP endpoint: {}", server.ws_url());
    tokio::signal::ctrl_c().await?;
    tracing::info!("shutting down");
    server.shutdown().await;
    Ok(())
}

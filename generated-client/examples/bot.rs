//! A small bot: creates an invite to a channel and opens a DM with a user.
//!
//! ```sh
//! FLUXER_TOKEN=... cargo run -p fluxer-client --example bot -- <channel_id> <user_id>
//! ```
//!
//! `FLUXER_BASE_URL` points the bot at another instance (default: the official API).

use std::process::ExitCode;

use fluxer_client::ids::{ChannelId, UserId};
use fluxer_client::models::{CreateChannelInviteRequest, CreateDmRequest, Invite};
use fluxer_client::{Client, Credentials, Error, ErrorKind};

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(token) = std::env::var("FLUXER_TOKEN") else {
        eprintln!("set FLUXER_TOKEN to your bot token");
        return ExitCode::from(2);
    };
    let mut args = std::env::args().skip(1);
    let (Some(channel_id), Some(user_id)) = (args.next(), args.next()) else {
        eprintln!("usage: bot <channel_id> <user_id>");
        return ExitCode::from(2);
    };
    // Each id is parsed as the kind it is; an error names the kind
    // (`invalid channel id: …`).
    let (channel_id, user_id) = match (channel_id.parse::<ChannelId>(), user_id.parse::<UserId>()) {
        (Ok(channel_id), Ok(user_id)) => (channel_id, user_id),
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };

    let mut builder = Client::builder().credentials(Credentials::bot(token));
    if let Ok(base_url) = std::env::var("FLUXER_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };

    match run(&client, channel_id, user_id).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

async fn run(client: &Client, channel_id: ChannelId, user_id: UserId) -> Result<(), Error> {
    let invite = client
        .create_channel_invite(
            channel_id,
            &CreateChannelInviteRequest {
                max_uses: 10.into(),
                max_age: 86_400.into(),
                unique: true.into(),
                ..Default::default()
            },
        )
        .await?;
    // Each kind has the fields it really has: only a guild invite has a
    // guild, an online count and a maximum age.
    match &invite {
        Invite::Guild(invite) => println!(
            "invite {} to the guild {} ({} of {} members online), {} uses max, valid for {} s",
            invite.code,
            invite.guild.name,
            invite.presence_count,
            invite.member_count,
            invite.max_uses,
            invite.max_age
        ),
        Invite::GroupDm(invite) => println!(
            "invite {} to a group DM of {} members, {} uses max",
            invite.code, invite.member_count, invite.max_uses
        ),
        // A kind of invite this client does not know yet, kept as JSON.
        Invite::Unknown(json) => println!("an invite of type {}: {json}", json["type"]),
        _ => println!("an invite of a kind this bot does not know: {invite:?}"),
    }

    let dm = client
        .create_private_channel(
            &CreateDmRequest {
                recipient_id: user_id,
            }
            .into(),
        )
        .await?;
    println!("DM channel {} with user {user_id}", dm.id);
    Ok(())
}

fn report(error: &Error) {
    match error.kind() {
        ErrorKind::Validation(problem) => eprintln!("bug in the bot, not sent: {problem}"),
        ErrorKind::RateLimited {
            retry_after,
            global,
            ..
        } => eprintln!("rate limited (global: {global}); try again in {retry_after:?}"),
        ErrorKind::Api {
            status: 401 | 403, ..
        } => eprintln!("check the token and the bot's permissions: {error}"),
        ErrorKind::Api { status: 404, .. } => eprintln!("no such channel or user: {error}"),
        ErrorKind::Connect { .. } => eprintln!("network problem, nothing sent: {error}"),
        ErrorKind::OutcomeUnknown { .. } => {
            eprintln!("sent, but no answer; check before retrying: {error}")
        }
        _ => eprintln!("{error}"),
    }
}

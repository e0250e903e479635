#include "wallet_errors.h"

namespace wallet {

std::vector<logos::ErrorSpec> walletErrors() {
  return {
      {"NO_KEYSTORE", "There is no keystore file in the module's persistence directory.", "Create one with create_new."},
      {"KEYSTORE_EXISTS", "create_new found a keystore already.", "Open it with open, or use another persistence directory."},
      {"INVALID_PASSWORD", "The keystore password is empty.", "Give a non-empty password."},
      {"WRONG_PASSWORD_OR_CORRUPT", "The keystore does not open with this password, or its file was modified.",
       "Give the right password; restore the file from a backup if it was changed."},
      {"MALFORMED_KEYSTORE", "The keystore file is not a sealed key list.", "Restore the file from a backup."},
      {"UNSUPPORTED_KEYSTORE", "The keystore file uses a version, KDF or cipher this wallet does not read.",
       "Open it with the wallet that wrote it."},
      {"CRYPTO_ERROR", "Key derivation or encryption of the keystore failed inside OpenSSL.", "Retry; report it if it persists."},
      {"IO_ERROR", "A file of the wallet (keystore or configuration) could not be written.",
       "Check the persistence directory's space and permissions."},
      {"WALLET_NOT_OPEN", "The operation needs the keys and the keystore is not open.", "Call open (or create_new) first."},
      {"UNKNOWN_ACCOUNT", "The wallet holds no key for the account that must sign.",
       "Use an account from list_accounts, or import its key."},
      {"ACCOUNT_NOT_REGISTERED", "The account to fund is not yet owned by the authenticated_transfer program, so the faucet cannot credit it.",
       "Call register_public_account for it first, then ask the faucet again."},
      {"FAUCET_UNAVAILABLE", "The sequencer has no faucet (lez-localnet started without --faucet, or a real network).",
       "Start lez-localnet with --faucet, or fund the account with a transfer from a funded one."},
      {"RANDOMNESS_UNAVAILABLE", "The operating system's random source failed while generating a key.", "Retry later."},
      {"INVALID_PRIVATE_KEY", "The 32 bytes are not a valid secp256k1 secret key (zero or not below the curve order).",
       "Give another key."},
      {"SESSION_KEY_UNKNOWN", "The wallet holds no session key with this public key (never created here, or forgotten).",
       "Make a new proposal: it creates a new session key (create_session_key)."},
      {"SESSION_KEYS_UNREADABLE", "The wallet's session key file (wallet_session_keys.sealed) or its password file cannot be read or opened.",
       "Restore both files from a backup, or move them away: proposals then start over with new session keys."},
      {"SESSION_KEY_IMPORT_REFUSED", "import_session_key was called by someone other than payment_streams_module (it exists only for that module's migration).",
       "Create session keys with create_session_key instead."},
      {"INVALID_ACCOUNT_ID", "An account id is neither 64 hex digits nor base58 of 32 bytes.",
       "Pass the id as base58 or as 64 hex digits (optional 0x)."},
      {"INVALID_PAYLOAD", "The transaction payload lacks a field or has one of the wrong form; the message names it.",
       "Send {account_ids, signing_requirements, instruction_hex, program_id_hex} as the message says."},
      {"INVALID_TRANSACTION", "transaction_base64 is not base64 of a Borsh public LeeTransaction.",
       "Submit the transaction_base64 a sign_* operation answered."},
      {"WALLET_SIGNING_FAILED", "The transaction or digest could not be signed.", "Check the signers and nonces; report it if it persists."},
      {"CHAIN_UNREACHABLE", "The sequencer did not answer, or answered an HTTP error.",
       "Check sequencer_url (configure) and that the sequencer runs."},
      {"CHAIN_ERROR", "The sequencer answered a JSON-RPC error; the message carries it.", "Act on the sequencer's message."},
      {"CHAIN_BAD_ANSWER", "The sequencer answered something that is not the LEZ JSON-RPC shape.",
       "Check that sequencer_url points at a LEZ sequencer."},
      {"TX_REJECTED", "The sequencer rejected the transaction; `reason` carries its code and message.",
       "Fix what the reason names (nonce, balance, program error) and submit a new transaction."},
      {"TX_UNKNOWN", "The sequencer does not know the transaction hash.", "Check the hash; submit the transaction if it was never sent."},
      {"TX_TIMEOUT", "The transaction was not included within timeout_ms; it may still be.",
       "Call wait_for_transaction again with the tx_hash."},
  };
}

}  // namespace wallet

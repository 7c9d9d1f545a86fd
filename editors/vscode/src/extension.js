// Starts `xueshi lsp` for .policy files and policy test files (TOML).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("xueshi");
  const command = config.get("path") || "xueshi";
  const lang = config.get("lang");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "xueshi",
    "xueshi",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "xueshi" },
        { scheme: "file", pattern: "**/tests/**/*.toml" },
      ],
      initializationOptions: lang ? { lang } : {},
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

// The Backend Architect extension: finds or installs `backend-architect serve`, starts it with the
// settings and the API key, and shows its routes. Everything else (rules, route cards, reviews)
// is the server's.
import * as vscode from "vscode";
import { ExecuteCommandRequest, LanguageClient, type LanguageClientOptions, State } from "vscode-languageclient/node";
import { ApiKey } from "./apiKey";
import { type Problem, findServer, onInterpreterChange } from "./findServer";
import { PrivateEnv } from "./privateEnv";
import { RouteExplorer, type RouteInfo } from "./routes";
import { SECTION, ServerSettings, workspaceRoot } from "./settings";

// server/backend_architect/lsp/features/review.py: arguments (uri, line, character)
const REVIEW_COMMAND = "backend-architect.review";
// the file names the server checks (server/backend_architect/core/file_kinds.py)
const COMPOSE_NAMES = ["**/compose.{yaml,yml}", "**/compose.*.{yaml,yml}", "**/docker-compose*.{yaml,yml}"];
const DOCKERFILE_NAMES = ["**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile", "**/*.dockerfile", "**/Containerfile"];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let settings: ServerSettings;
let apiKey: ApiKey;
let privateEnv: PrivateEnv;
let routes: RouteExplorer;
let watcher: vscode.FileSystemWatcher; // one for every server started: restarts reuse it

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Backend Architect", { log: true });
  settings = new ServerSettings(context.extension.packageJSON);
  apiKey = new ApiKey(context.secrets);
  privateEnv = new PrivateEnv(context, output);
  routes = new RouteExplorer();
  watcher = vscode.workspace.createFileSystemWatcher("**/{*.py,pyproject.toml,*.json,*.yaml,*.yml}");
  const command = vscode.commands.registerCommand;
  context.subscriptions.push(
    output,
    apiKey,
    routes,
    watcher,
    command("backendArchitect.restartServer", restart),
    command("backendArchitect.installServer", installAndStart),
    command("backendArchitect.setApiKey", () => apiKey.set()),
    command("backendArchitect.clearApiKey", () => apiKey.clear()),
    command("backendArchitect.reviewEndpoint", reviewEndpoint),
    command("backendArchitect.showOutput", () => output.show(true)),
    command("backendArchitect.showRoutes", () => routes.reveal()),
    command("backendArchitect.refreshRoutes", () => routes.refresh()),
    command("backendArchitect.searchRoutes", () => routes.search()),
    command("backendArchitect.openRoute", (route: RouteInfo) => routes.open(route)),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && void restart()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    apiKey.onDidChange(() => void restart()), // the key travels in the server's environment
  );
  const interpreterChanged = await onInterpreterChange(() => void restart());
  if (interpreterChanged) {
    context.subscriptions.push(interpreterChanged);
  }
  await restart();
}

export async function deactivate(): Promise<void> {
  await stop();
}

// --- server life cycle ----------------------------------------------------------------------

let starting: Promise<void> | undefined;

async function restart(): Promise<void> {
  // Serialise restarts: a settings change during start-up restarts once more afterwards.
  const previous = starting;
  starting = (async () => {
    await previous?.catch(() => undefined);
    await stop();
    await start();
  })();
  return starting;
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  routes.attach(undefined);
  if (running && running.state !== State.Stopped) {
    // a server that is still finishing its start-up index may need more than the default 2 s
    await running.stop(5000).catch((err) => output.appendLine(`stopping the server: ${err}`));
  }
}

async function start(): Promise<void> {
  const key = await apiKey.forServer();
  const found = await findServer(settings, privateEnv.python(), (line) => output.appendLine(line));
  if (!found || "problem" in found) {
    notFound(found);
    return;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ANTHROPIC_API_KEY; // from the secret storage, or the environment when trusted
  const fromEnv = vscode.workspace.isTrusted ? process.env.ANTHROPIC_API_KEY : undefined;
  if (key ?? fromEnv) {
    env.ANTHROPIC_API_KEY = key ?? fromEnv;
  }
  output.appendLine(`starting (${found.from}): ${found.command.join(" ")}`);
  client = new LanguageClient(
    SECTION,
    "Backend Architect",
    { command: found.command[0], args: found.command.slice(1), options: { env, cwd: workspaceRoot() } },
    clientOptions(),
  );
  try {
    await client.start();
    routes.attach(client);
  } catch (err) {
    output.appendLine(`the server did not start: ${err}`);
    void vscode.window
      .showErrorMessage(`Backend Architect: the server did not start (${found.command.join(" ")}).`, "Show Output")
      .then((pick) => pick && output.show(true));
  }
}

function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      // Dockerfiles and Compose files (BA6xx, BA7xx): by language where VS Code (or the Docker
      // extension) names them, and by file name for a YAML file, so other YAML is not sent
      { scheme: "file", language: "dockerfile" },
      { scheme: "file", language: "dockercompose" },
      ...COMPOSE_NAMES.map((pattern) => ({ scheme: "file", language: "yaml", pattern })),
      ...DOCKERFILE_NAMES.map((pattern) => ({ scheme: "file", pattern })),
    ],
    outputChannel: output,
    initializationOptions: settings.values(),
    synchronize: { fileEvents: watcher },
    middleware: {
      workspace: {
        // The server asks for the `backendArchitect` section: answer with the settings the
        // user set, so unset ones leave pyproject.toml in charge and client-only keys stay here.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return params.items.map((item, i) => (item.section === SECTION ? settings.values(item.scopeUri) : result[i]));
        },
      },
    },
  };
}

/** Say why there is no server; when nothing names one, offer to install the bundled wheel. */
function notFound(found: Problem | undefined): void {
  const canInstall = !found && privateEnv.wheel() !== undefined;
  const message = found
    ? `Backend Architect: ${found.problem}. Install the server with \`${found.install}\`, or set "backendArchitect.server.interpreter" to a Python that has it.`
    : `Backend Architect: the server was not found (no \`backend-architect\` on PATH nor in the selected Python).${
        canInstall ? " Install it into an environment of the extension's own?" : ""
      }`;
  output.appendLine(message);
  const actions = [...(canInstall ? ["Install"] : []), "Open Settings", "Show Output"];
  void vscode.window.showErrorMessage(message, ...actions).then((pick) => {
    if (pick === "Install") {
      void installAndStart();
    } else if (pick === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", "backendArchitect.server");
    } else if (pick === "Show Output") {
      output.show(true);
    }
  });
}

async function installAndStart(): Promise<void> {
  if (await privateEnv.install()) {
    await restart();
  }
}

// --- commands ------------------------------------------------------------------------------

async function reviewEndpoint(): Promise<void> {
  await starting?.catch(() => undefined); // a restart (new key, new settings) may be under way
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "python") {
    void vscode.window.showWarningMessage("Backend Architect: put the cursor in a route handler of a Python file.");
    return;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage("Backend Architect: the server is not running.", "Show Output").then(
      (pick) => pick && output.show(true),
    );
    return;
  }
  // The server reports progress (cancellable) and opens the report itself (window/showDocument).
  const position = editor.selection.active;
  await client.sendRequest(ExecuteCommandRequest.type, {
    command: REVIEW_COMMAND,
    arguments: [client.code2ProtocolConverter.asUri(editor.document.uri), position.line, position.character],
  });
}

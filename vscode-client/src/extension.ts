// The Backend Architect extension: starts `backend-architect serve` and hands it the settings,
// the API key and the commands. Everything else (rules, route cards, reviews) is the server's.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

const SECTION = "backendArchitect";
const SECRET_KEY = "backendArchitect.anthropicApiKey";
// server/backend_architect/lsp/features/review.py: arguments (uri, line, character)
const REVIEW_COMMAND = "backend-architect.review";
const INSTALL = "pip install backend-architect-lsp";
// The settings the server reads (server/backend_architect/config.py); the rest are the client's.
const SERVER_SETTINGS = [
  "select",
  "extendSelect",
  "ignore",
  "perFileIgnores",
  "severity",
  "maxFileBytes",
  "exclude",
  "extendExclude",
  "respectGitignore",
  "forceExclude",
  "apiPrefix",
  "checkTests",
  "model",
  "agent",
  "agentDirs",
  "anthropicBaseUrl",
  "timeout",
  "models",
  "maxRetries",
  "contextTokens",
  "maxOutputTokens",
  "cacheDir",
  "docsMarkdown",
  "docsOpenapi",
  "python",
];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let secrets: vscode.SecretStorage;
let watcher: vscode.FileSystemWatcher; // one for every server started: restarts reuse it

// the file names the server checks (server/backend_architect/core/file_kinds.py)
const COMPOSE_NAMES = ["**/compose.{yaml,yml}", "**/compose.*.{yaml,yml}", "**/docker-compose*.{yaml,yml}"];
const DOCKERFILE_NAMES = ["**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile", "**/*.dockerfile", "**/Containerfile"];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  secrets = context.secrets;
  output = vscode.window.createOutputChannel("Backend Architect", { log: true });
  status = vscode.window.createStatusBarItem("backendArchitect.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "Backend Architect";
  status.command = "backendArchitect.setApiKey";
  watcher = vscode.workspace.createFileSystemWatcher("**/{*.py,pyproject.toml,openapi.json,openapi.yaml,openapi.yml}");
  context.subscriptions.push(
    output,
    status,
    watcher,
    vscode.commands.registerCommand("backendArchitect.restartServer", restart),
    vscode.commands.registerCommand("backendArchitect.setApiKey", setApiKey),
    vscode.commands.registerCommand("backendArchitect.clearApiKey", clearApiKey),
    vscode.commands.registerCommand("backendArchitect.reviewEndpoint", reviewEndpoint),
    vscode.commands.registerCommand("backendArchitect.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        void restart();
      }
    }),
    secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) {
        void restart(); // the key travels in the server's environment
      }
    }),
  );
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
  if (running && running.state !== State.Stopped) {
    // a server that is still finishing its start-up index may need more than the default 2 s
    await running.stop(5000).catch((err) => output.appendLine(`stopping the server: ${err}`));
  }
}

async function start(): Promise<void> {
  const apiKey = await secrets.get(SECRET_KEY);
  updateStatus(apiKey ? "secret storage" : process.env.ANTHROPIC_API_KEY ? "environment" : undefined);
  const command = await resolveServerCommand();
  if (!command) {
    return;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (apiKey) {
    env.ANTHROPIC_API_KEY = apiKey;
  }
  output.appendLine(`starting: ${command.join(" ")}`);
  const serverOptions: ServerOptions = {
    command: command[0],
    args: command.slice(1),
    options: { env, cwd: workspaceRoot() },
  };
  const clientOptions: LanguageClientOptions = {
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
    initializationOptions: serverSettings(),
    synchronize: {
      fileEvents: watcher,
    },
    middleware: {
      workspace: {
        // The server asks for the `backendArchitect` section: answer with the settings the
        // user set, so unset ones leave pyproject.toml in charge and client-only keys stay here.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return params.items.map((item, i) => (item.section === SECTION ? serverSettings(item.scopeUri) : result[i]));
        },
      },
    },
  };
  client = new LanguageClient(SECTION, "Backend Architect", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`the server did not start: ${err}`);
    void vscode.window
      .showErrorMessage(`Backend Architect: the server did not start (${command.join(" ")}).`, "Show Output")
      .then((pick) => pick && output.show(true));
  }
}

/** The settings the user set (any scope), keyed as the server reads them. */
function serverSettings(scopeUri?: string): Record<string, unknown> {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const inspected = config.inspect(key);
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value !== undefined) {
      settings[key] = value;
    }
  }
  return settings;
}

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function expand(value: string): string {
  const root = workspaceRoot() ?? "";
  return value
    .replace(/^~(?=$|[\\/])/, os.homedir())
    .replace(/\$\{workspaceFolder\}/g, root)
    .replace(/\$\{env:([^}]+)\}/g, (_, name: string) => process.env[name] ?? "");
}

/** The server's command line, or undefined after telling the user how to install it. */
async function resolveServerCommand(): Promise<string[] | undefined> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const command = (config.get<string[]>("server.command") ?? []).filter((s) => s).map(expand);
  if (command.length > 0) {
    if (findExecutable(command[0])) {
      return command;
    }
    return notFound(`the server command \`${command[0]}\` was not found`, INSTALL);
  }
  const interpreter = expand(config.get<string>("server.interpreter") ?? "");
  if (interpreter) {
    const python = findExecutable(interpreter);
    if (!python) {
      return notFound(`the Python interpreter \`${interpreter}\` was not found`, INSTALL);
    }
    const problem = await canImport(python);
    if (problem) {
      output.appendLine(problem);
      return notFound(`backend_architect is not installed for \`${python}\``, `${python} -m ${INSTALL}`);
    }
    return [python, "-m", "backend_architect", "serve"];
  }
  const onPath = findExecutable("backend-architect");
  if (onPath) {
    return [onPath, "serve"];
  }
  return notFound("`backend-architect` was not found on PATH", INSTALL);
}

function notFound(what: string, install: string): undefined {
  const message = `Backend Architect: ${what}. Install the server with \`${install}\`, or set "backendArchitect.server.interpreter" to a Python that has it.`;
  output.appendLine(message);
  void vscode.window.showErrorMessage(message, "Open Settings", "Show Output").then((pick) => {
    if (pick === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", "backendArchitect.server");
    } else if (pick === "Show Output") {
      output.show(true);
    }
  });
  return undefined;
}

function findExecutable(name: string): string | undefined {
  const isFile = (p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (path.isAbsolute(name) || name.includes("/") || name.includes("\\")) {
    const full = path.resolve(workspaceRoot() ?? process.cwd(), name);
    return isFile(full) ? full : undefined;
  }
  const exts = process.platform === "win32" ? ["", ".exe", ".cmd", ".bat"] : [""];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const ext of exts) {
      const full = path.join(dir, name + ext);
      if (dir && isFile(full)) {
        return full;
      }
    }
  }
  return undefined;
}

/** Undefined when `python` can import the server package, else the error. */
function canImport(python: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(python, ["-c", "import backend_architect"], { timeout: 20000 }, (err, _out, stderr) =>
      resolve(err ? `${python} -c "import backend_architect" failed: ${stderr || err.message}` : undefined),
    );
  });
}

// --- API key and status bar ----------------------------------------------------------------

async function setApiKey(): Promise<void> {
  const key = await vscode.window.showInputBox({
    title: "Backend Architect: Anthropic API key",
    prompt: "Kept in VS Code's secret storage and handed to the server; never written to settings.",
    password: true,
    ignoreFocusOut: true,
    placeHolder: "sk-ant-...",
  });
  if (key === undefined) {
    return; // cancelled
  }
  if (key.trim() === "") {
    await clearApiKey();
    return;
  }
  await secrets.store(SECRET_KEY, key.trim()); // onDidChange restarts the server
}

async function clearApiKey(): Promise<void> {
  await secrets.delete(SECRET_KEY);
}

/** The status bar: agent online when the server will have a key (from where), else static. */
function updateStatus(keyFrom: string | undefined): void {
  if (keyFrom) {
    status.text = "$(sparkle) Backend Architect: agent online";
    status.tooltip = `An Anthropic API key is set (${keyFrom}): agent actions add the agent's review. Click to change it.`;
  } else {
    status.text = "$(circle-slash) Backend Architect: static mode";
    status.tooltip = "No Anthropic API key: actions run their static part only. Click to set a key.";
  }
  status.show();
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

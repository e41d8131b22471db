// Where the server is: the user's command or interpreter setting, else the Python extension's
// selected interpreter (when it has the server), else `backend-architect` on PATH, else the
// private environment this extension installed from the wheel it carries (privateEnv.ts).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PVSC_EXTENSION_ID, PythonExtension } from "@vscode/python-extension";
import * as vscode from "vscode";
import { type ServerSettings, expand, workspaceRoot } from "./settings";

export const INSTALL = "pip install backend-architect-lsp";

/** A way to start the server, or why the user's setting names none. */
export type Problem = { problem: string; install: string };
export type Found = { command: string[]; from: string } | Problem | undefined;

export async function findServer(
  settings: ServerSettings,
  privatePython: string | undefined,
  log: (line: string) => void,
): Promise<Found> {
  const command = (settings.get<string[]>("server.command") ?? []).filter((s) => s).map(expand);
  if (command.length > 0) {
    return findExecutable(command[0])
      ? { command, from: "backendArchitect.server.command" }
      : { problem: `the server command \`${command[0]}\` was not found`, install: INSTALL };
  }
  const interpreter = expand(settings.get<string>("server.interpreter") ?? "");
  if (interpreter) {
    const python = findExecutable(interpreter);
    if (!python) {
      return { problem: `the Python interpreter \`${interpreter}\` was not found`, install: INSTALL };
    }
    const problem = await canImport(python);
    if (problem) {
      log(problem);
      return { problem: `backend_architect is not installed for \`${python}\``, install: `${python} -m ${INSTALL}` };
    }
    return { command: serve(python), from: "backendArchitect.server.interpreter" };
  }
  const selected = await selectedInterpreter(log);
  if (selected && !(await canImport(selected))) {
    return { command: serve(selected), from: "the Python extension's interpreter" };
  }
  const onPath = findExecutable("backend-architect");
  if (onPath) {
    return { command: [onPath, "serve"], from: "PATH" };
  }
  if (privatePython && !(await canImport(privatePython))) {
    return { command: serve(privatePython), from: "the extension's own environment" };
  }
  return undefined;
}

function serve(python: string): string[] {
  return [python, "-m", "backend_architect", "serve"];
}

/** The interpreter the Python extension has selected for the workspace, when it is installed. */
export async function selectedInterpreter(log: (line: string) => void): Promise<string | undefined> {
  if (!vscode.extensions.getExtension(PVSC_EXTENSION_ID)) {
    return undefined;
  }
  try {
    const environments = (await PythonExtension.api()).environments;
    const active = environments.getActiveEnvironmentPath(vscode.workspace.workspaceFolders?.[0]?.uri);
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath ?? active.path;
  } catch (err) {
    log(`the Python extension's interpreter is unknown: ${err}`);
    return undefined;
  }
}

/** Reacts to another interpreter being selected in the Python extension, when there is one. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  if (!vscode.extensions.getExtension(PVSC_EXTENSION_ID)) {
    return undefined;
  }
  try {
    return (await PythonExtension.api()).environments.onDidChangeActiveEnvironmentPath(listener);
  } catch {
    return undefined;
  }
}

export function findExecutable(name: string): string | undefined {
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

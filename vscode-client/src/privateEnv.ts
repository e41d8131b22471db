// The extension's own environment: a venv in its global storage with the server installed from
// the wheel the .vsix carries (server/*.whl, built by wheel.mjs); pip takes the server's
// dependencies from the package index (or wherever the user's pip configuration points).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { findExecutable, selectedInterpreter } from "./findServer";

const MARKER = "backend-architect-wheel"; // the wheel the venv was made from

export class PrivateEnv {
  private readonly venv: string;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.venv = path.join(context.globalStorageUri.fsPath, "server-venv");
  }

  /** The venv's Python, once an install has finished there. */
  python(): string | undefined {
    const python = this.venvPython();
    return fs.existsSync(path.join(this.venv, MARKER)) && fs.existsSync(python) ? python : undefined;
  }

  /** The wheel inside the extension, if this build carries one. */
  wheel(): string | undefined {
    const dir = path.join(this.context.extensionPath, "server");
    const name = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith(".whl")) : undefined;
    return name && path.join(dir, name);
  }

  /** Make the venv and install the bundled wheel into it; true when it worked. */
  async install(): Promise<boolean> {
    const wheel = this.wheel();
    if (!wheel) {
      void vscode.window.showErrorMessage("Backend Architect: this build of the extension carries no server wheel.");
      return false;
    }
    const base = await this.basePython();
    if (!base) {
      void vscode.window.showErrorMessage(
        "Backend Architect: no Python 3.10+ was found (select one with the Python extension, or put `python3` on PATH).",
      );
      return false;
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Backend Architect: installing the server" },
      async (progress) => {
        try {
          fs.rmSync(this.venv, { recursive: true, force: true });
          fs.mkdirSync(path.dirname(this.venv), { recursive: true });
          progress.report({ message: `creating an environment with ${base}` });
          await this.run(base, ["-m", "venv", this.venv]);
          progress.report({ message: `pip install ${path.basename(wheel)}` });
          await this.run(this.venvPython(), ["-m", "pip", "install", "--disable-pip-version-check", wheel]);
          fs.writeFileSync(path.join(this.venv, MARKER), path.basename(wheel));
          this.output.info(`installed ${path.basename(wheel)} into ${this.venv}`);
          return true;
        } catch (err) {
          this.output.error(`installing the server failed: ${err}`);
          void vscode.window
            .showErrorMessage(`Backend Architect: installing the server failed (${err}).`, "Show Output")
            .then((pick) => pick && this.output.show(true));
          return false;
        }
      },
    );
  }

  private venvPython(): string {
    return process.platform === "win32"
      ? path.join(this.venv, "Scripts", "python.exe")
      : path.join(this.venv, "bin", "python");
  }

  /** The Python the venv is made with: the Python extension's, else python3/python on PATH. */
  private async basePython(): Promise<string | undefined> {
    const candidates = [
      await selectedInterpreter((line) => this.output.info(line)),
      findExecutable("python3"),
      findExecutable("python"),
    ];
    for (const python of candidates) {
      if (python && (await this.run(python, ["-c", "import sys, venv; assert sys.version_info >= (3, 10)"]).then(() => true, () => false))) {
        return python;
      }
    }
    return undefined;
  }

  /** Run a program, its output going to the output channel; rejects on failure. */
  private run(program: string, args: string[]): Promise<void> {
    this.output.info(`$ ${program} ${args.join(" ")}`);
    return new Promise((resolve, reject) => {
      execFile(program, args, { timeout: 600000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        for (const text of [stdout, stderr]) {
          if (text.trim()) {
            this.output.info(text.trimEnd());
          }
        }
        if (err) {
          reject(new Error(`${path.basename(program)} ${args.slice(0, 2).join(" ")} exited: ${err.message.split("\n")[0]}`));
        } else {
          resolve();
        }
      });
    });
  }
}

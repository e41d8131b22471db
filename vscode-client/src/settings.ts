// The settings the server reads, as the manifest declares them. package.json's list is
// generated from server/backend_architect/config.py (scripts/vscode_settings.py), so the
// extension reads it from there instead of keeping a third copy.
import * as os from "node:os";
import * as vscode from "vscode";

export const SECTION = "backendArchitect";
// the extension's own settings (how to start the server, the protocol trace): never forwarded
const CLIENT_PREFIXES = [`${SECTION}.server.`, `${SECTION}.trace.`];

interface Manifest {
  contributes?: { configuration?: { properties?: Record<string, unknown> } };
  capabilities?: { untrustedWorkspaces?: { restrictedConfigurations?: string[] } };
}

export class ServerSettings {
  /** Setting names under the section (`apiPrefix`), as the server reads them. */
  readonly keys: string[];
  /** Full names (`backendArchitect.python`) an untrusted workspace may not set. */
  readonly restricted: Set<string>;

  constructor(manifest: Manifest) {
    const declared = Object.keys(manifest.contributes?.configuration?.properties ?? {});
    this.keys = declared
      .filter((key) => key.startsWith(`${SECTION}.`) && !CLIENT_PREFIXES.some((p) => key.startsWith(p)))
      .map((key) => key.slice(SECTION.length + 1));
    this.restricted = new Set(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  }

  /** The settings the user set (any scope), keyed as the server reads them. Unset ones are left
   * out so pyproject.toml stays in charge. */
  values(scopeUri?: string): Record<string, unknown> {
    const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
    const settings: Record<string, unknown> = {};
    for (const key of this.keys) {
      const value = this.get(key, scope);
      if (value !== undefined) {
        settings[key] = value;
      }
    }
    return settings;
  }

  /** What the user set for `key` (under the section), the innermost scope first; in an
   * untrusted workspace a restricted setting comes from the user's settings only. */
  get<T>(key: string, scope?: vscode.Uri): T | undefined {
    const inspected = vscode.workspace.getConfiguration(SECTION, scope).inspect<T>(key);
    if (!vscode.workspace.isTrusted && this.restricted.has(`${SECTION}.${key}`)) {
      return inspected?.globalValue;
    }
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  }
}

export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** `~`, `${workspaceFolder}` and `${env:NAME}` expanded, as in VS Code's own settings. */
export function expand(value: string): string {
  const root = workspaceRoot() ?? "";
  return value
    .replace(/^~(?=$|[\\/])/, os.homedir())
    .replace(/\$\{workspaceFolder\}/g, root)
    .replace(/\$\{env:([^}]+)\}/g, (_, name: string) => process.env[name] ?? "");
}

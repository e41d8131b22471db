// The Anthropic API key: kept in VS Code's secret storage, handed to the server's environment,
// shown in the status bar ("agent online" / "static mode"). Never written to settings.
import * as vscode from "vscode";

const SECRET_KEY = "backendArchitect.anthropicApiKey";

export class ApiKey implements vscode.Disposable {
  private readonly status: vscode.StatusBarItem;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.status = vscode.window.createStatusBarItem("backendArchitect.status", vscode.StatusBarAlignment.Right, 100);
    this.status.name = "Backend Architect";
    this.status.command = "backendArchitect.setApiKey";
  }

  /** Fires when the key changes (the server must restart: the key is in its environment). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => e.key === SECRET_KEY && listener());
  }

  /** The key for the server's environment; none in an untrusted workspace, whose settings
   * could send it elsewhere. Updates the status bar to match. */
  async forServer(): Promise<string | undefined> {
    const key = await this.secrets.get(SECRET_KEY);
    if (!vscode.workspace.isTrusted) {
      this.show("$(shield) Backend Architect: restricted mode", "The workspace is not trusted: the agent actions run their static part only.");
      return undefined;
    }
    if (key || process.env.ANTHROPIC_API_KEY) {
      const from = key ? "secret storage" : "environment";
      this.show(
        "$(sparkle) Backend Architect: agent online",
        `An Anthropic API key is set (${from}): agent actions add the agent's review. Click to change it.`,
      );
    } else {
      this.show(
        "$(circle-slash) Backend Architect: static mode",
        "No Anthropic API key: actions run their static part only. Click to set a key.",
      );
    }
    return key;
  }

  async set(): Promise<void> {
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
      await this.clear();
      return;
    }
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  private show(text: string, tooltip: string): void {
    this.status.text = text;
    this.status.tooltip = tooltip;
    this.status.show();
  }

  dispose(): void {
    this.status.dispose();
  }
}

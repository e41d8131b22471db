// The route explorer: a tree of every route and GraphQL operation the server knows, grouped by
// app, router and prefix, from the `backendArchitect/routes` request (docs/editors.md), fetched
// again on `backendArchitect/routesChanged`; and a quick pick to search them.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

export const ROUTES_REQUEST = "backendArchitect/routes";
export const ROUTES_CHANGED = "backendArchitect/routesChanged";

interface Position {
  line: number;
  character: number;
}

export interface RouteInfo {
  id: string;
  kind: "http" | "graphql";
  method: string;
  path: string;
  handler: string;
  uri: string;
  range: { start: Position; end: Position };
  framework: string;
  group: string[];
  auth: string[];
  findings: number;
}

interface RoutesResult {
  generation: number;
  routes: RouteInfo[];
}

class Group {
  readonly groups = new Map<string, Group>();
  readonly routes: RouteInfo[] = [];
  constructor(
    readonly label: string,
    readonly key: string,
  ) {}

  count(): number {
    let n = this.routes.length;
    for (const g of this.groups.values()) {
      n += g.count();
    }
    return n;
  }
}

type Node = Group | RouteInfo;

export function routeLabel(route: RouteInfo): string {
  return `${route.method} ${route.path}`;
}

/** "auth: get_current_user · 2 findings": what a node and a pick say beside the route. */
export function routeSummary(route: RouteInfo): string {
  const auth = route.auth.length ? `auth: ${route.auth.join(", ")}` : "no auth";
  const findings = route.findings === 1 ? "1 finding" : `${route.findings} findings`;
  return `${auth} · ${findings}`;
}

export class RouteExplorer implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private root = new Group("", "");
  private routes: RouteInfo[] = [];
  private generation = -1;
  private client: LanguageClient | undefined;
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.view = vscode.window.createTreeView("backendArchitect.routes", { treeDataProvider: this, showCollapseAll: true });
    this.view.message = "Starting the server...";
  }

  /** Follow a (re)started client: fetch now, and again each time the server says they changed. */
  attach(client: LanguageClient | undefined): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.subscriptions = [];
    this.client = client;
    this.generation = -1;
    if (!client) {
      this.show([], "The Backend Architect server is not running.");
      return;
    }
    this.subscriptions.push(client.onNotification(ROUTES_CHANGED, () => void this.refresh()));
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const client = this.client;
    if (!client?.isRunning()) {
      return;
    }
    try {
      const result = await client.sendRequest<RoutesResult>(ROUTES_REQUEST, {});
      // answers may cross: never replace a newer list with an older one
      if (client === this.client && result.generation >= this.generation) {
        this.generation = result.generation;
        this.show(result.routes, result.routes.length ? undefined : "No routes found in this workspace.");
      }
    } catch (err) {
      this.show([], `The server did not list the routes: ${err}`);
    }
  }

  private show(routes: RouteInfo[], message: string | undefined): void {
    this.routes = routes;
    this.root = new Group("", "");
    for (const route of routes) {
      let group = this.root;
      for (const label of route.group) {
        let next = group.groups.get(label);
        if (!next) {
          next = new Group(label, `${group.key}/${label}`);
          group.groups.set(label, next);
        }
        group = next;
      }
      group.routes.push(route);
    }
    this.view.message = message;
    this.view.description = routes.length ? `${routes.length}` : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const group = node ?? this.root;
    return group instanceof Group ? [...group.groups.values(), ...group.routes] : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof Group) {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.key}`;
      item.description = `${node.count()}`;
      item.contextValue = "routeGroup";
      return item;
    }
    const item = new vscode.TreeItem(routeLabel(node), vscode.TreeItemCollapsibleState.None);
    item.id = `route:${node.id}`;
    item.description = routeSummary(node);
    item.tooltip = new vscode.MarkdownString(
      `\`${routeLabel(node)}\`\n\n${node.framework} · \`${node.handler}\`\n\n${routeSummary(node)}`,
    );
    item.iconPath = new vscode.ThemeIcon(
      node.findings ? "warning" : node.kind === "graphql" ? "symbol-event" : "symbol-method",
    );
    item.contextValue = "route";
    item.command = { command: "backendArchitect.openRoute", title: "Open Handler", arguments: [node] };
    return item;
  }

  /** Show the Routes view (its container in the activity bar). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand("backendArchitect.routes.focus");
  }

  /** Open a route's handler with its name selected. */
  async open(route: RouteInfo): Promise<void> {
    const converter = this.client?.protocol2CodeConverter;
    const uri = converter ? converter.asUri(route.uri) : vscode.Uri.parse(route.uri);
    const { start, end } = route.range;
    const selection = new vscode.Range(start.line, start.character, end.line, end.character);
    await vscode.window.showTextDocument(uri, { selection, preview: false });
  }

  /** A quick pick over every route: type a path, a method or a handler's name. */
  async search(): Promise<void> {
    await this.refresh();
    const items = this.routes.map((route) => ({
      label: routeLabel(route),
      description: route.handler,
      detail: `${routeSummary(route)} · ${route.group.join(" › ")}`,
      route,
    }));
    const pick = await vscode.window.showQuickPick(items, {
      title: "Backend Architect: Search Routes",
      placeHolder: items.length ? "Path, method or handler name" : "No routes found",
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (pick) {
      await this.open(pick.route);
    }
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.view.dispose();
    this.changed.dispose();
  }
}

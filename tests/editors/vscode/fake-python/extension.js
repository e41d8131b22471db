// The part of the Python extension's API (@vscode/python-extension) the Backend Architect
// extension uses: the selected interpreter of the workspace is $BA_SELECTED_PYTHON.
const vscode = require("vscode");

exports.activate = function activate() {
  const python = process.env.BA_SELECTED_PYTHON;
  const changed = new vscode.EventEmitter();
  return {
    environments: {
      getActiveEnvironmentPath: () => ({ id: python, path: python }),
      resolveEnvironment: async () => ({ id: python, path: python, executable: { uri: vscode.Uri.file(python) } }),
      onDidChangeActiveEnvironmentPath: changed.event,
    },
  };
};

// Vitest setup file (every project): the test processes build their own SDK clients (admin and caller clients for
// the emulator) and would print the SDK's Node-version warning once per test file; the CLI quiets it the same way
// (src/aws/quiet-sdk-node-version-warning.ts). The CLI processes the tests spawn do it themselves: nothing of this
// reaches them (test/integration/assume.test.ts checks a cold assume's stderr).
import { quietSdkNodeVersionWarning } from "../../src/aws/quiet-sdk-node-version-warning.js";

quietSdkNodeVersionWarning();

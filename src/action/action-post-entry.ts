// The GitHub Action's post step (action.yml `runs.post`: action/dist/post.cjs, bundled by scripts/build.mjs).

import { runActionPost } from "./run-action-post.js";
import { RunnerCommands } from "./runner-commands.js";

void runActionPost(new RunnerCommands(process.env, (text) => process.stdout.write(text)));

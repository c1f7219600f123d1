// The one sentence for a part of the gate's own install that did not load (a chunk or a .cjs file
// missing beside the bundle): the run refuses what needed it and says to reinstall, never a pass or a crash.
export const INCOMPLETE_INSTALL = 'so this install of readiness-gate is incomplete. Reinstall it (npm install readiness-gate, or the action at a published tag)'

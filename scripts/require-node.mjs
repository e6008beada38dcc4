// Plain JavaScript on purpose: an older Node cannot even load a .ts file, so this must say why in one line first.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `closeloop needs Node.js 22.18 or later (it runs its TypeScript directly); this is ${process.version}.`,
  );
  process.exit(1);
}

// Runs before dev, build, start and test (npm "pre" scripts): on an older Node the
// real failure would be a cryptic error deep inside supabase-js or vitest.
const required = 22;
const major = Number(process.versions.node.split(".")[0]);
if (major < required) {
  console.error(
    `This app needs Node >= ${required} (Node 24 LTS recommended, see .nvmrc); this is Node ${process.versions.node}. Install it with nvm (\`nvm install\`) or from https://nodejs.org.`,
  );
  process.exit(1);
}

// Vite features the tests use: `import.meta.glob` (targets found by file name) and `?raw` imports.
/// <reference types="vite/client" />

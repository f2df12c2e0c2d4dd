// A Node module-resolution hook for bench.mjs: tfjs-core ships its gradient functions only as
// ES modules with extensionless relative imports (written for bundlers), which Node's resolver
// refuses. This retries such an import as "<name>.js", then "<name>/index.js". tfjs keeps its engine and its kernel and
// gradient registries on the global object, so the gradients registered this way serve the
// CommonJS build that `import '@tensorflow/tfjs-core'` loads.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    const missing = error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'ERR_UNSUPPORTED_DIR_IMPORT';
    if (relative && missing && !specifier.endsWith('.js')) {
      try {
        return await next(`${specifier}.js`, context);
      } catch {
        return next(`${specifier}/index.js`, context);
      }
    }
    throw error;
  }
}

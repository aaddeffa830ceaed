// Two pages: index.html predicts with wasmlp/infer, train.html trains in a worker.
// Nothing else is configured: wasmlp needs no plugin.
export default {
  build: { rolldownOptions: { input: ["index.html", "train.html"] } },
};

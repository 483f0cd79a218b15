// The cluster suite's files share one control plane: run them one at a time, in name order, so a
// run is reproducible (jest otherwise orders by previous durations).
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = ByName;

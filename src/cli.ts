/**
 * The `klachten` command line (shared/contracts/README.md).
 * @module
 */
const [command] = process.argv.slice(2)
console.error(`klachten: command ${command ?? '(none)'} not implemented yet`)
process.exit(2)

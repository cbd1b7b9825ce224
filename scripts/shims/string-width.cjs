// CommonJS face of src/render/string-width.ts for cli-table3's require('string-width') (bundle alias).
module.exports = require('../../src/render/string-width.ts').default;

export * from './regions.table.js'
export * from './users.table.js'
export * from './audit.table.js'

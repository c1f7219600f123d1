// Types of yaml-package.cjs: the yaml package, required on the first call.
declare function yamlPackage(): typeof import('yaml')
export = yamlPackage

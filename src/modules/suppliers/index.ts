export { SUPPLIER_STATUSES, type SupplierStatus } from './suppliers.model';
export {
  createSupplier,
  getSupplier,
  listSuppliers,
  supplierCounts,
  supplierName,
  supplierOptions,
  type SupplierView,
} from './suppliers.service';

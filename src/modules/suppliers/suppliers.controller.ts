import type { RequestHandler } from 'express';
import { contextOf } from '../../lib/context';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { can } from '../access';
import { listSupplierUsers } from '../users';
import { SUPPLIER_STATUSES } from './suppliers.model';
import { newSupplierSchema, supplierFilterSchema } from './suppliers.schema';
import { createSupplier, getSupplier, listSuppliers } from './suppliers.service';

export const list: RequestHandler = async (req, res) => {
  // A vendor has exactly one supplier: the list is that supplier's page.
  if (req.user?.role === 'vendor' && req.user.supplierId)
    return res.redirect(303, `/suppliers/${req.user.supplierId}`);
  const filter = parseInput(supplierFilterSchema, req.query);
  const result = await listSuppliers(contextOf(req), filter, filter.page);
  res.render('suppliers/list', { ...result, filter, statuses: SUPPLIER_STATUSES });
};

export const showNew: RequestHandler = (_req, res) => {
  res.render('suppliers/new', { values: {}, errors: {} });
};

export const create: RequestHandler = async (req, res) => {
  await submitForm(
    async () => {
      const form = parseInput(newSupplierSchema, formBody(req));
      const supplier = await createSupplier(contextOf(req), form);
      req.flash('success', 'suppliers.created', { name: supplier.name });
      res.redirect(303, `/suppliers/${supplier.id}`);
    },
    (error) => renderFormWithErrors(res, 'suppliers/new', error, formBody(req)),
  );
};

export const show: RequestHandler = async (req, res) => {
  const supplier = await getSupplier(contextOf(req), routeId(req.params));
  const vendorUsers = await listSupplierUsers(supplier.id);
  res.render('suppliers/show', {
    supplier,
    vendorUsers,
    canInvite: can(req.user, 'invitations.inviteVendor', { id: supplier.id }),
  });
};

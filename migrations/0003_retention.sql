-- Retention (AVG): registrations and everything they hold are deleted a configurable time after
-- closure; the audit log keeps a line saying so (without the personal data). Deleting an item takes
-- its originals, reads, extractions and attachments with it; registrations and acknowledgements are
-- deleted explicitly first.
alter table acknowledgements drop constraint acknowledgements_registration_id_fkey,
  add constraint acknowledgements_registration_id_fkey foreign key (registration_id) references registrations (id) on delete cascade;
alter table department_corrections drop constraint department_corrections_item_id_fkey,
  add constraint department_corrections_item_id_fkey foreign key (item_id) references items (id) on delete cascade;

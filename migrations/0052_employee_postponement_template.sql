-- The postponement (Awb 9:11(2)) is told in writing to the complainant and to the employee the
-- complaint is about. The employee's letter is a 'postponement' letter with addressee 'employee';
-- its wording is a template of its own, which an admin may edit like the others. Forward-only.
alter table letter_templates drop constraint letter_templates_type_check;
alter table letter_templates add constraint letter_templates_type_check
  check (type in ('not-in-treatment', 'postponement', 'postponement-employee', 'decision'));

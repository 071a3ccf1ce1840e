-- The work list sorts every item by one date: for a draft the call-back deadline, for a registered
-- complaint its next open deadline (call-back until reached, then the intake decision, then the
-- decision; a closed one keeps its statutory date and sorts among them as 'closed').
-- items.callback_due holds that date (keyset-paged with the id); due_kind says which deadline it is.
alter table items add column due_kind text;

update items i set
  callback_due = case
    when r.called_back_at is null and r.closed_at is null then r.callback_due
    when r.status = 'open' then r.intake_due
    when r.closed_at is null then r.decision_due
    else coalesce(r.postponed_until, r.statutory_due) end,
  due_kind = case
    when r.called_back_at is null and r.closed_at is null then 'callback'
    when r.status = 'open' then 'intake'
    when r.closed_at is null then 'decision'
    else 'closed' end
from registrations r
where r.item_id = i.id;

import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// The assurance loop (issue 10): the Boards' self-assessment, the action plan its gaps become,
// the risk register and Scrutiny's recommendations — the tables the annual report to Cabinet
// reads together. Dates are ISO calendar dates ('YYYY-MM-DD'), times ISO instants, as elsewhere.
// Rows that people edit carry a version so a second editor is told, not silently overwritten.
export const assurance: Migration = {
  async up(db: Kysely<unknown>) {
    // A template is one year's versioned set of sections and numbered standards (seed 001).
    await db.schema
      .createTable('self_assessment_templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      /** The year it serves, as the Boards write it: '2023-24'. */
      .addColumn('year_label', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      /** The template it was made from, last year's as a rule. */
      .addColumn('based_on_id', 'text', (c) => c.references('self_assessment_templates.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .execute();
    await db.schema
      .createTable('self_assessment_sections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('template_id', 'text', (c) => c.notNull().references('self_assessment_templates.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addUniqueConstraint('self_assessment_sections_number', ['template_id', 'number'])
      .execute();
    await db.schema
      .createTable('self_assessment_standards')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('template_id', 'text', (c) => c.notNull().references('self_assessment_templates.id'))
      .addColumn('section_id', 'text', (c) => c.notNull().references('self_assessment_sections.id'))
      /** '1.4' */
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('guidance', 'text')
      /** 1 where N/A is an allowed rating (commissioning, for an organisation that commissions nothing). */
      .addColumn('allows_not_applicable', 'integer', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('self_assessment_standards_number', ['template_id', 'number'])
      .execute();

    await db.schema
      .createTable('self_assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      /** The template version it is answered against; kept after submission whatever the template becomes. */
      .addColumn('template_id', 'text', (c) => c.notNull().references('self_assessment_templates.id'))
      .addColumn('year_label', 'text', (c) => c.notNull())
      /** 'in_progress' | 'submitted' */
      .addColumn('status', 'text', (c) => c.notNull())
      /** Last year's assessment this one started from. */
      .addColumn('started_from_id', 'text', (c) => c.references('self_assessments.id'))
      /** 1 when it came from an imported return (seed 001), not typed in Haven. */
      .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('submitted_at', 'text')
      .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
      .addUniqueConstraint('self_assessments_year', ['organisation_id', 'year_label'])
      .execute();
    await db.schema
      .createTable('self_assessment_answers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('assessment_id', 'text', (c) => c.notNull().references('self_assessments.id'))
      .addColumn('standard_id', 'text', (c) => c.notNull().references('self_assessment_standards.id'))
      .addColumn('response', 'text')
      /** What was done "in the last year". */
      .addColumn('evidence', 'text')
      /** 'green' | 'amber' | 'red' | 'not_applicable'; null is "not recorded", never guessed. */
      .addColumn('rating', 'text')
      /** 'not_started' | 'in_progress' | 'completed' (the task list). */
      .addColumn('progress', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.references('users.id'))
      .addUniqueConstraint('self_assessment_answers_standard', ['assessment_id', 'standard_id'])
      .execute();

    // The action plan (appendix 2 of seed 000), with its document control.
    await db.schema
      .createTable('action_plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      /** '2023-24': the plan runs alongside that year's self-assessment. */
      .addColumn('year_label', 'text', (c) => c.notNull())
      .addColumn('owner', 'text')
      .addColumn('author', 'text')
      .addColumn('last_reviewed_on', 'text')
      .addColumn('next_review_on', 'text')
      .addColumn('document_version', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('action_plans_year', ['organisation_id', 'year_label'])
      .execute();
    await db.schema
      .createTable('action_plan_actions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('action_plan_id', 'text', (c) => c.notNull().references('action_plans.id'))
      /** The self-assessment area it serves ('Leadership, Strategy and Working Together'). */
      .addColumn('standard_area', 'text')
      .addColumn('objective', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('input', 'text')
      .addColumn('desired_outcome', 'text')
      /** The lead as the plan names them (a person or a role); lead_user_id when they have an account, for reminders. */
      .addColumn('lead_name', 'text', (c) => c.notNull())
      .addColumn('lead_user_id', 'text', (c) => c.references('users.id'))
      /** As the plan words it: 'May 2024', 'Ongoing'. */
      .addColumn('timescale', 'text')
      /** The date it is due, for overdue flags and reminders; null for 'Ongoing'. */
      .addColumn('due_on', 'text')
      /** 'not_started' | 'in_progress' | 'completed' */
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('completed_on', 'text')
      /** Raised against a standard of a self-assessment (linked both ways through this column). */
      .addColumn('self_assessment_answer_id', 'text', (c) => c.references('self_assessment_answers.id'))
      /** A follow-up of a Scrutiny recommendation. */
      .addColumn('scrutiny_recommendation_id', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('action_plan_actions_by_plan')
      .on('action_plan_actions')
      .columns(['action_plan_id', 'status'])
      .execute();
    await db.schema
      .createIndex('action_plan_actions_by_answer')
      .on('action_plan_actions')
      .column('self_assessment_answer_id')
      .execute();
    // The bi-annual updates: dated entries, never overwritten.
    await db.schema
      .createTable('action_plan_updates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('action_id', 'text', (c) => c.notNull().references('action_plan_actions.id'))
      .addColumn('written_on', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('written_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('action_plan_updates_by_action')
      .on('action_plan_updates')
      .column('action_id')
      .execute();

    // The risk register (appendix 4 of seed 000): impact and probability 1–5, score their product.
    await db.schema
      .createTable('risks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('reference', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      /** 'threat' | 'opportunity' */
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('cause', 'text')
      .addColumn('consequence', 'text')
      .addColumn('raised_on', 'text', (c) => c.notNull())
      .addColumn('owner_name', 'text', (c) => c.notNull())
      .addColumn('gross_impact', 'integer', (c) => c.notNull())
      .addColumn('gross_probability', 'integer', (c) => c.notNull())
      .addColumn('current_impact', 'integer', (c) => c.notNull())
      .addColumn('current_probability', 'integer', (c) => c.notNull())
      .addColumn('residual_impact', 'integer', (c) => c.notNull())
      .addColumn('residual_probability', 'integer', (c) => c.notNull())
      .addColumn('comments', 'text')
      .addColumn('review_on', 'text')
      .addColumn('closed_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('risks_by_organisation').on('risks').column('organisation_id').execute();
    await db.schema
      .createTable('risk_controls')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text')
      /** As the register words it: 'On-going', 'Complete'. */
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('progress_percent', 'integer')
      .addColumn('action_owner', 'text')
      .execute();
    await db.schema.createIndex('risk_controls_by_risk').on('risk_controls').column('risk_id').execute();

    // Scrutiny's recommendations and Cabinet's response (seed 003).
    await db.schema
      .createTable('scrutiny_recommendations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('recommendation', 'text', (c) => c.notNull())
      .addColumn('made_on', 'text', (c) => c.notNull())
      .addColumn('committee', 'text', (c) => c.notNull())
      .addColumn('report_title', 'text', (c) => c.notNull())
      /** 'agreed' | 'partially_agreed' | 'not_agreed'; null until Cabinet responds. */
      .addColumn('response', 'text')
      .addColumn('response_comment', 'text')
      .addColumn('responsible_member', 'text')
      .addColumn('responded_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('scrutiny_recommendations_by_organisation')
      .on('scrutiny_recommendations')
      .columns(['organisation_id', 'made_on'])
      .execute();
  },
};
